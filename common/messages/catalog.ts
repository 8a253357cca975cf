// The shape of every user-facing message: a stable code and a text builder. Area files
// (doctor.ts, build.ts, ...) declare entries with `message()`; index.ts assembles the one catalogue.
export interface UserMessage<A extends unknown[] = []> {
  /** Stable code, e.g. "RS-DOCTOR-001"; never reused for another meaning. */
  readonly code: string;
  readonly text: (...args: A) => string;
}

export function message<A extends unknown[] = []>(code: string, text: (...args: A) => string): UserMessage<A> {
  return { code, text };
}

/** `text` with ` [code]` appended unless it already carries it (texts from `render` do). */
export function withCode(text: string, code: string): string {
  return text.endsWith(`[${code}]`) ? text : `${text} [${code}]`;
}

/** Renders a message with its code, the way the CLI and notifications show it. */
export function render<A extends unknown[]>(m: UserMessage<A>, ...args: A): string {
  return `${m.text(...args)} [${m.code}]`;
}
