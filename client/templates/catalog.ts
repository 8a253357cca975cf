// The template index (bpf-templates/templates.json) as data: its types and the runtime guard that
// checks a parsed file before anything trusts it. Adding a template needs a folder and an entry, no code.
import type { RecordSelection } from '../../common/records';
import { isRecordSelection } from '../../common/records';

export interface TemplateKnob {
  /** Name of a `const volatile` global the loader may set before load. */
  readonly name: string;
  readonly description: string;
}

export interface TemplateInfo {
  /** Folder name under bpf-templates/ and the argument of `ringscope new`. */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** Identifier in file names and contents replaced by the program name on scaffold. */
  readonly placeholder: string;
  /** The .bpf.c file to build (one of `files`). */
  readonly main: string;
  readonly files: readonly string[];
  /** How the records of each ring buffer decode (the agent's record-type selection). */
  readonly rings: readonly RecordSelection[];
  /** Per-CPU drop counters (`<ring>_drops`) the program keeps. */
  readonly drops: readonly string[];
  readonly knobs: readonly TemplateKnob[];
}

export interface TemplateIndex {
  readonly version: 1;
  readonly templates: readonly TemplateInfo[];
}

const ID = /^[a-z][a-z0-9-]*$/;
const IDENT = /^[a-z][a-z0-9_]*$/;
const FILE = /^[A-Za-z0-9_.-]+$/;

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

function isKnob(x: unknown): x is TemplateKnob {
  return isObject(x) && nonEmpty(x['name']) && IDENT.test(x['name']) && nonEmpty(x['description']);
}

/** Why one entry is not a valid template, or undefined when it is. */
function entryProblem(x: unknown, i: number): string | undefined {
  if (!isObject(x)) return `templates[${i}] is not an object`;
  const id = x['id'];
  if (!nonEmpty(id) || !ID.test(id)) return `templates[${i}].id must be lower-case letters, digits and "-"`;
  for (const key of ['title', 'description'] as const) {
    if (!nonEmpty(x[key])) return `${id}: "${key}" must be a non-empty string`;
  }
  const placeholder = x['placeholder'];
  if (!nonEmpty(placeholder) || !IDENT.test(placeholder)) return `${id}: "placeholder" must be a C identifier`;
  const files = x['files'];
  if (!Array.isArray(files) || files.length === 0) return `${id}: "files" must be a non-empty list`;
  for (const f of files) {
    if (!nonEmpty(f) || !FILE.test(f)) return `${id}: file names must be plain names in the template folder`;
  }
  const main = x['main'];
  if (!nonEmpty(main) || !files.includes(main) || !main.endsWith('.bpf.c')) return `${id}: "main" must be one of its .bpf.c files`;
  const rings = x['rings'];
  if (!Array.isArray(rings) || rings.length === 0 || !rings.every(isRecordSelection)) {
    return `${id}: "rings" must list a record selection per ring buffer`;
  }
  const drops = x['drops'];
  if (!Array.isArray(drops) || !drops.every((d) => nonEmpty(d) && d.endsWith('_drops'))) {
    return `${id}: "drops" must list counters named <ring>_drops`;
  }
  const knobs = x['knobs'];
  if (!Array.isArray(knobs) || !knobs.every(isKnob)) return `${id}: "knobs" must list {name, description}`;
  return undefined;
}

/** Checks a parsed templates.json; returns the index or a reason (English, for a catalogue message). */
export function checkTemplateIndex(x: unknown): TemplateIndex | string {
  if (!isObject(x)) return 'it is not a JSON object';
  if (x['version'] !== 1) return '"version" must be 1';
  const list = x['templates'];
  if (!Array.isArray(list) || list.length === 0) return '"templates" must be a non-empty list';
  const seen = new Set<string>();
  for (let i = 0; i < list.length; i++) {
    const problem = entryProblem(list[i], i);
    if (problem) return problem;
    const id = (list[i] as TemplateInfo).id;
    if (seen.has(id)) return `template "${id}" is listed twice`;
    seen.add(id);
  }
  return x as unknown as TemplateIndex;
}

export function findTemplate(index: TemplateIndex, id: string): TemplateInfo | undefined {
  return index.templates.find((t) => t.id === id);
}
