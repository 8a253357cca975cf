// Building BPF C on this host: `buildBpf` (clang driver), `ensureVmlinuxDir` (vmlinux.h cache) and the
// clang-output parser. No ffi-rs here: the CLI and, through it, the extension use these directly.
export { buildBpf, clangArgs, defaultOutput, type BuildOptions } from './compile';
export { ensureVmlinuxDir, cacheRoot, btfHash, kernelBtfPath } from './vmlinux';
export { parseClangDiagnostics, formatDiagnostic } from './clangDiagnostics';
export { BuildError } from './errors';
