// The page size check: ring buffer sizes must be power-of-2 multiples of the host's page size.
import type { CheckResult } from '../../../common/doctor';
import { doctorMessages as m } from '../../../common/messages';
import { result } from './result';

export function checkPageSize(pageSize: number): CheckResult {
  if ([4096, 16384, 65536].includes(pageSize)) return result('page-size', m.titlePageSize, 'pass', m.pageSizeOk, [pageSize]);
  return result('page-size', m.titlePageSize, 'warn', m.pageSizeOdd, [pageSize], m.fixPageSize.text(pageSize));
}
