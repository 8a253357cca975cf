// A caching view of one function's syntax tree for the CFG builder: each node property costs at most
// one wasm call, and text and positions come from the source string (LSP UTF-16 columns).
import type { Node } from 'web-tree-sitter';
import type { Position, Range } from '../findings';
import { lineStarts, positionAt } from '../lines';

/** Source text with its line starts, to turn offsets into LSP positions (UTF-16 columns). */
export class SourceText {
  private starts: number[] | undefined;

  constructor(readonly text: string) {}

  position(offset: number): Position {
    return positionAt((this.starts ??= lineStarts(this.text)), offset);
  }
}

/**
 * A caching view of a tree-sitter node: every property is read from wasm at most once, children
 * are wrapped on first use with their field names, text and ranges come from the source string.
 */
export class Syn {
  private type_: string | undefined;
  private named: boolean | undefined;
  private end: number | undefined;
  private kids: Syn[] | undefined;
  private namedKids: Syn[] | undefined;
  private err: boolean | undefined;
  readonly startIndex: number;

  constructor(
    private readonly node: Node,
    private readonly source: SourceText,
    /** Field name of this node in its parent (`condition`, `body`, ...). */
    readonly field: string | null,
    readonly parent: Syn | null,
  ) {
    this.startIndex = node.startIndex;
  }

  get type(): string {
    return (this.type_ ??= this.node.type);
  }

  get isNamed(): boolean {
    return (this.named ??= this.node.isNamed);
  }

  get endIndex(): number {
    return (this.end ??= this.node.endIndex);
  }

  get isError(): boolean {
    return this.type === 'ERROR';
  }

  get isMissing(): boolean {
    return this.node.isMissing;
  }

  /** Contains an ERROR or MISSING node. */
  get hasError(): boolean {
    return (this.err ??= this.node.hasError);
  }

  get text(): string {
    return this.source.text.slice(this.startIndex, this.endIndex);
  }

  get range(): Range {
    return { start: this.source.position(this.startIndex), end: this.source.position(this.endIndex) };
  }

  get children(): Syn[] {
    if (this.kids === undefined) {
      const raw = this.node.children;
      this.kids = [];
      for (let i = 0; i < raw.length; i++) {
        const c = raw[i];
        if (c !== null && c !== undefined) this.kids.push(new Syn(c, this.source, this.node.fieldNameForChild(i), this));
      }
    }
    return this.kids;
  }

  get namedChildren(): Syn[] {
    return (this.namedKids ??= this.children.filter((c) => c.isNamed));
  }

  get namedChildCount(): number {
    return this.namedChildren.length;
  }

  namedChild(i: number): Syn | null {
    return this.namedChildren[i] ?? null;
  }

  child(i: number): Syn | null {
    return this.children[i] ?? null;
  }

  get lastChild(): Syn | null {
    return this.children[this.children.length - 1] ?? null;
  }

  childForFieldName(name: string): Syn | null {
    return this.children.find((c) => c.field === name) ?? null;
  }

  childrenForFieldName(name: string): Syn[] {
    return this.children.filter((c) => c.field === name);
  }

  equals(other: Syn): boolean {
    return other === this;
  }
}

/** Wraps `node`. `text` must be the text the tree was parsed from. */
export function toSyntax(node: Node, text: string | SourceText): Syn {
  return new Syn(node, typeof text === 'string' ? new SourceText(text) : text, null, null);
}
