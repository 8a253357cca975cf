// The CFG builder's view of a function's syntax tree (plain syntax nodes), and of the text positions come from.
import type { SyntaxNode, SyntaxTree } from '../syntax/node';

/** A parsed text and its LSP positions (UTF-16 columns): the file's syntax tree provides both. */
export type SourceText = Pick<SyntaxTree, 'text' | 'position'>;

/** The CFG builder's view of a node: the syntax node itself (its field name, text and range included). */
export type Syn = SyntaxNode;
