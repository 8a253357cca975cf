// The scaffolder's filesystem side: loads the template index and files, and writes a plan without
// ever overwriting a program file (all are checked before the first write). Shared by the CLI and
// the extension host; errors are TemplateErrors carrying a rendered catalogue message.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { render, templateMessages as M } from '../../common/messages';
import { checkTemplateIndex, findTemplate, type TemplateIndex, type TemplateInfo } from './catalog';
import { nameProblem, planScaffold, substitute, targetArch } from './scaffold';

export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

/** bpf-templates/ next to the bundle (dist/../bpf-templates) or in the source tree. */
export function defaultTemplatesDir(bundleDir: string): string {
  return resolve(bundleDir, '..', 'bpf-templates');
}

export function loadTemplateIndex(templatesDir: string): TemplateIndex {
  const file = join(templatesDir, 'templates.json');
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new TemplateError(render(M.indexInvalid, file, e instanceof Error ? e.message : String(e)));
  }
  const index = checkTemplateIndex(parsed);
  if (typeof index === 'string') throw new TemplateError(render(M.indexInvalid, file, index));
  return index;
}

export function readTemplateSources(templatesDir: string, template: TemplateInfo): Map<string, string> {
  const sources = new Map<string, string>();
  for (const f of template.files) {
    const path = join(templatesDir, template.id, f);
    if (!existsSync(path)) throw new TemplateError(render(M.templateFileMissing, path, template.id));
    sources.set(f, readFileSync(path, 'utf8'));
  }
  return sources;
}

export interface ScaffoldRequest {
  readonly templatesDir: string;
  readonly templateId: string;
  readonly name: string;
  /** Folder the program is written to. */
  readonly dir: string;
  /** Workspace folder for .vscode/ (defaults to `dir`). */
  readonly workspace?: string;
  /** process.arch by default. */
  readonly nodeArch?: string;
  /** Folder holding the host's generated vmlinux.h (the build cache), added to the editors' include paths. */
  readonly vmlinuxDir?: string;
}

export interface ScaffoldResult {
  readonly template: TemplateInfo;
  /** Absolute paths written, program files first (the .bpf.c is the first). */
  readonly written: readonly string[];
  /** Shared editor settings that already existed and were left alone. */
  readonly kept: readonly string[];
  /** Absolute path of the main .bpf.c. */
  readonly main: string;
}

export function checkProgramName(name: string): void {
  const problem = nameProblem(name);
  if (problem === 'invalid') throw new TemplateError(render(M.invalidName, name));
  if (problem === 'reserved') throw new TemplateError(render(M.reservedName, name));
}

export function scaffold(req: ScaffoldRequest): ScaffoldResult {
  const index = loadTemplateIndex(req.templatesDir);
  const template = findTemplate(index, req.templateId);
  if (!template) {
    throw new TemplateError(render(M.unknownTemplate, req.templateId, index.templates.map((t) => t.id).join(', ')));
  }
  checkProgramName(req.name);
  const dir = resolve(req.dir);
  const workspace = resolve(req.workspace ?? dir);
  const programDir = relative(workspace, dir).split('\\').join('/');
  const plan = planScaffold({
    template,
    sources: readTemplateSources(req.templatesDir, template),
    name: req.name,
    arch: targetArch(req.nodeArch ?? process.arch),
    programDir: programDir.startsWith('..') ? dir : programDir,
    ...(req.vmlinuxDir !== undefined ? { vmlinuxDir: req.vmlinuxDir } : {}),
  });
  const target = (f: { path: string; base: 'program' | 'workspace' }): string => join(f.base === 'program' ? dir : workspace, f.path);
  // refuse before writing anything, so a clash leaves the folder as it was
  const clashes = plan.filter((f) => !f.shared && existsSync(target(f))).map(target);
  if (clashes.length > 0) throw new TemplateError(render(M.wouldOverwrite, clashes.join(', ')));
  const written: string[] = [];
  const kept: string[] = [];
  for (const f of plan) {
    const path = target(f);
    if (f.shared && existsSync(path)) {
      kept.push(path);
      continue;
    }
    mkdirSync(dirname(path), { recursive: true });
    // 'wx' fails rather than overwrite a file created since the check
    writeFileSync(path, f.content, { flag: 'wx' });
    written.push(path);
  }
  return { template, written, kept, main: join(dir, substitute(template.main, template.placeholder, req.name)) };
}
