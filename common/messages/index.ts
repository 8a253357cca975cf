// The one catalogue of user-facing messages. Each area keeps its entries in its own file so that
// parts can be written side by side; everything user-visible is imported from here.
export { message, render, withCode, type UserMessage } from './catalog';
export * as doctorMessages from './doctor';
export * as buildMessages from './build';
export * as btfMessages from './btf';
export * as lspMessages from './lsp';
export * as transportMessages from './transport';
export * as agentMessages from './agent';
export * as panelMessages from './panel';
export * as templateMessages from './templates';
export * as cliMessages from './cli';
export * as lintMessages from './lint';
export * as lintPathMessages from './lintPaths';
export * as lintRowMessages from './lintRows';
export * as uiMessages from './ui';
