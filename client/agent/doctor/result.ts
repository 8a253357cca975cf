// Builds one CheckResult from catalogue entries, so every check reports its detail's stable code.
import type { CheckResult, CheckStatus } from '../../../common/doctor';
import type { UserMessage } from '../../../common/messages';

export function result<A extends unknown[]>(
  id: string,
  title: UserMessage,
  status: CheckStatus,
  detail: UserMessage<A>,
  args: A,
  fix?: string,
): CheckResult {
  const r = { id, title: title.text(), status, detail: detail.text(...args), code: detail.code };
  return fix === undefined || status === 'pass' ? r : { ...r, fix };
}
