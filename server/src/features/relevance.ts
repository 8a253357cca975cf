// Decides which C documents are BPF programs the server reports on: `*.bpf.c` files and C files that
// include bpf_helpers.h. Every other C file is left to clangd / cpptools, with no diagnostics from us.
const includesHelpers = /^[ \t]*#[ \t]*include[ \t]*[<"](?:[^>"]*\/)?bpf_helpers\.h[>"]/m;

export function isBpfSource(path: string, text: string): boolean {
  if (path.endsWith('.bpf.c')) return true;
  if (!path.endsWith('.c')) return false;
  return includesHelpers.test(text);
}
