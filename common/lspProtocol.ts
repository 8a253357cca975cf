// The custom `ringscope/…` LSP messages between the language server and the extension, each declared
// once here with its direction, plus runtime guards used on the receiving side. Also the stable URL of
// the rule documentation that diagnostics and SARIF link to.
import { isPlainObject } from './guards';

/** Base of the rule reference; a rule's anchor is its code in lower case (`docs/rules.md#rb-c1`). */
export const RULES_DOC_URL = 'https://github.com/ringscope/ringscope/blob/main/docs/rules.md';

export function ruleDocUrl(code: string): string {
  return `${RULES_DOC_URL}#${code.toLowerCase()}`;
}

/** One ring buffer of a BPF C file and the C type of its records, as the analysis inferred it. */
export interface RingRecordType {
  /** Map symbol name, e.g. `rb`. */
  readonly map: string;
  /** C spelling of the record type, e.g. `struct event`. */
  readonly recordType: string;
}

/**
 * server → client notification, sent after each analysis of a BPF C document: which record type each
 * ring buffer carries, so that the panel can decode records without asking the user.
 */
export const RecordTypesNotification = 'ringscope/recordTypes';

export interface RecordTypesParams {
  readonly uri: string;
  readonly rings: readonly RingRecordType[];
}

export function isRingRecordType(x: unknown): x is RingRecordType {
  return isPlainObject(x) && typeof x['map'] === 'string' && typeof x['recordType'] === 'string';
}

/** Runtime guard for RecordTypesParams on the client side. */
export function isRecordTypesParams(x: unknown): x is RecordTypesParams {
  return isPlainObject(x) && typeof x['uri'] === 'string' && Array.isArray(x['rings']) && x['rings'].every(isRingRecordType);
}

/** Options the client may pass in `initializationOptions`; all optional. */
export interface ServerInitOptions {
  /** Delay between the last edit and the analysis, in ms (default 150). Tests and benches use 0. */
  readonly debounceMs?: number;
}

export function isServerInitOptions(x: unknown): x is ServerInitOptions {
  return isPlainObject(x) && (x['debounceMs'] === undefined || (typeof x['debounceMs'] === 'number' && x['debounceMs'] >= 0));
}
