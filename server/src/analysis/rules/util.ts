// Shared helpers of the rule files: map classification, finding construction, flag rendering.
import type { SyntaxNode } from '../syntax/node';
import type { UserMessage } from '../../../../common/messages';
import type { Finding, Fix, Range, Severity } from '../findings';
import { MAP_TYPE_RINGBUF, MAP_TYPE_USER_RINGBUF, rangeOf, type MapDef } from '../model';

export const isRingType = (t: number | undefined): boolean => t === MAP_TYPE_RINGBUF || t === MAP_TYPE_USER_RINGBUF;

export function isRingMap(m: MapDef): boolean {
  return isRingType(m.type);
}

export function finding<A extends unknown[]>(
  msg: UserMessage<A>,
  severity: Severity,
  file: string,
  where: SyntaxNode | Range,
  args: A,
  fixes?: readonly Fix[],
): Finding {
  const range = 'startPosition' in where ? rangeOf(where) : where;
  return { code: msg.code, severity, file, range, message: msg.text(...args), ...(fixes?.length ? { fixes } : {}) };
}

/** A numeric flags value as the user would write it. */
export function flagText(node: SyntaxNode | undefined, value: number): string {
  return node?.text ?? `0x${value.toString(16)}`;
}
