// Field offsets and sizes of record types for the bounds checks (rule book D3/D5), asked of the model's own
// constant folder by parsing a tiny `offsetof`/`sizeof` query, so no layout logic is duplicated here.
import type { ProgramModel } from '../model';
import { parseC } from '../parser';

export interface Span {
  readonly off: number;
  readonly size: number;
}

export class LayoutQuery {
  private readonly cache = new Map<string, Span | undefined>();

  constructor(private readonly model: ProgramModel) {}

  /** Offset and size of `field` in `type` (`struct event`), undefined when the model does not know them. */
  field(type: string, field: string): Span | undefined {
    if (!/^[\w\s]+$/.test(type) || !/^\w+$/.test(field)) return undefined;
    const key = `${type}.${field}`;
    if (this.cache.has(key)) return this.cache.get(key);
    const span = this.compute(type, field);
    this.cache.set(key, span);
    return span;
  }

  private compute(type: string, field: string): Span | undefined {
    const tree = parseC(`long __rs_q[] = { offsetof(${type}, ${field}), sizeof(((${type} *)0)->${field}) };`);
    if (tree === undefined) return undefined;
    try {
      const list = tree.rootNode.descendantsOfType('initializer_list')[0];
      const [a, b] = (list?.namedChildren ?? []).filter((n) => n !== null);
      const off = a ? this.model.fold(a) : undefined;
      const size = b ? this.model.fold(b) : undefined;
      return off === undefined || size === undefined ? undefined : { off, size };
    } finally {
      tree.delete();
    }
  }
}
