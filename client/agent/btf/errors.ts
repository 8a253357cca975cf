// The one error type of the BTF library: thrown for unreadable objects and unusable settings (never for
// record bytes, which the decoder renders whatever they hold). Carries the catalogue code so that the
// agent can forward it unchanged.
import { render, type UserMessage } from '../../../common/messages';

export class BtfError extends Error {
  readonly code: string;

  constructor(code: string, text: string) {
    super(text);
    this.name = 'BtfError';
    this.code = code;
  }

  static of<A extends unknown[]>(m: UserMessage<A>, ...args: A): BtfError {
    return new BtfError(m.code, render(m, ...args));
  }
}
