// A build failure before clang ran (missing tool, no BTF): carries its catalogue entry's code so the
// CLI and the extension show the same text and code.
import type { UserMessage } from '../../../common/messages';

export class BuildError extends Error {
  constructor(
    readonly code: string,
    text: string,
  ) {
    super(text);
    this.name = 'BuildError';
  }
}

export function buildError<A extends unknown[]>(entry: UserMessage<A>, ...args: A): BuildError {
  return new BuildError(entry.code, entry.text(...args));
}
