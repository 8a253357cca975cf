// Registers every `ringscope` subcommand: one line each, `register(name, summary, loader)`; the loader
// resolves to something with `run(argv): Promise<number>` (and optionally `usage`). Append new lines;
// write the import path with `.js` (`import('./run.js')`): tsc's node16 resolution needs it, esbuild maps it to .ts.
import { register } from '../registry';

register('doctor', 'check that this host can build, load and stream ring-buffer programs', () => import('./doctor.js'));
register('build', 'compile BPF C with clang against this kernel\'s vmlinux.h', () => import('./build.js'));
register('lint', 'lint BPF C for ring-buffer mistakes the verifier rejects', () => import('./lint.js').then((m) => m.lint));
register('new', 'write a new ring-buffer program from a template (ringscope new --list)', () => import('./new.js'));
register('run', 'build, load, attach and stream a ring-buffer program headless', () => import('./run.js'));
