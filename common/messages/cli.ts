// Messages of the `ringscope` command-line dispatcher: usage, unknown commands, unexpected failures.
import { message } from './catalog';

export const usageHeader = message('RS-CLI-001', (version: string) =>
  `ringscope ${version}: lint, build, load and stream BPF ring-buffer programs.\n\n` +
    'Usage: ringscope <command> [options]\n       ringscope help <command>\n       ringscope --version\n\nCommands:',
);
export const unknownCommand = message('RS-CLI-002', (name: string) =>
  `Unknown command '${name}'. Run 'ringscope help' to list the commands.`,
);
export const noUsage = message('RS-CLI-003', (name: string, summary: string) => `ringscope ${name}: ${summary}`);
export const internalError = message('RS-CLI-004', (name: string, detail: string) =>
  `ringscope ${name} failed unexpectedly: ${detail} (set RINGSCOPE_DEBUG=1 for the stack trace)`,
);
export const badOption = message('RS-CLI-005', (command: string, option: string) =>
  `Unknown option '${option}' for 'ringscope ${command}'. Run 'ringscope help ${command}'.`,
);
export const missingValue = message('RS-CLI-006', (command: string, option: string) =>
  `Option '${option}' of 'ringscope ${command}' needs a value.`,
);
export const doctorUsage = message('RS-CLI-010', () =>
  'Usage: ringscope doctor [--json]\n\n' +
    'Checks that this host can build, load and stream BPF ring-buffer programs: kernel features, BTF,\n' +
    'bpffs and tracefs, privileges, libbpf, clang with the BPF target, bpftool and the page size.\n' +
    'Each check passes, warns or fails with a fix hint. Exit status 1 when a check fails, else 0.\n\n' +
    '  --json   print the report as JSON',
);
export const buildUsage = message('RS-CLI-011', () =>
  'Usage: ringscope build <file.bpf.c> [-o out.o] [-I dir]... [--json]\n\n' +
    'Compiles BPF C with clang -g -O2 -target bpf against a vmlinux.h generated from this kernel\'s BTF\n' +
    '(cached under $XDG_CACHE_HOME/ringscope/vmlinux/). Prints clang\'s diagnostics as file:line:col.\n' +
    'Exit status 1 on a compile error or a missing tool, 2 on bad usage, else 0.\n\n' +
    '  -o out.o   the object to write (default: the source with .c replaced by .o)\n' +
    '  -I dir     an extra include directory (repeatable)\n' +
    '  --json     print the build report as JSON',
);
export const buildNeedsFile = message('RS-CLI-012', () => 'ringscope build needs one source file (ringscope build x.bpf.c).');
export const lintHelp = message('RS-CLI-020', () =>
  'Usage: ringscope lint <files...> [--format text|json|sarif] [-I dir]... [--page-size 4096|16384|65536]\n\n' +
    'Checks BPF C for the ring-buffer mistakes the kernel verifier rejects (rules: docs/rules.md), the same\n' +
    'checks the editor runs as you type. Exit status 1 when any error is found, 2 on bad usage or an\n' +
    'unreadable file, else 0.\n\n' +
    '  --format text    file:line:col: severity: message [code], then a summary (default)\n' +
    '  --format json    one JSON array of {file, line, column, endLine, endColumn, severity, code, message}\n' +
    '  --format sarif   SARIF 2.1.0, for code-scanning uploads\n' +
    '  -I dir           an include directory to follow #include "..." in (repeatable)\n' +
    '  --page-size N    page size of the target host, for ring sizes (default 4096)',
);
export const newHelp = message('RS-CLI-021', () =>
  'Usage: ringscope new <template> <name> [dir]\n       ringscope new --list\n\n' +
    'Writes <name>.bpf.c and <name>.h from a template of bpf-templates/ into dir (default: the current\n' +
    'directory), with compile_flags.txt and .vscode/c_cpp_properties.json so clangd and the C/C++ extension find\n' +
    'the libbpf headers. Exit status 1 when nothing could be written, 2 on bad usage.\n\n' +
    '  --list   list the templates with their descriptions',
);
