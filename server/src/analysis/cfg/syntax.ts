// The CFG builder's view of a function's syntax tree (plain syntax nodes) and the source text positions
// come from (LSP UTF-16 columns).
import type { SyntaxNode } from '../syntax/node';
import type { Position } from '../findings';
import { lineStarts, positionAt } from '../lines';

/** Source text with its line starts, to turn offsets into LSP positions (UTF-16 columns). */
export class SourceText {
  private starts: readonly number[] | undefined;

  /** `starts`: the text's line starts when already known (the tree's). */
  constructor(
    readonly text: string,
    starts?: readonly number[],
  ) {
    this.starts = starts;
  }

  position(offset: number): Position {
    return positionAt((this.starts ??= lineStarts(this.text)), offset);
  }
}

/** The CFG builder's view of a node: the syntax node itself (its field name, text and range included). */
export type Syn = SyntaxNode;

/** The node as the CFG builder reads it (its text and positions are those of the text its tree parsed). */
export function toSyntax(node: SyntaxNode): Syn {
  return node;
}
