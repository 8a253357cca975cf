// Small runtime guards shared by the message-shape checks (agent, webview, LSP, doctor and build reports).

/** A non-null, non-array object, whose keys may then be checked one by one. */
export function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Compile-time exhaustiveness for `switch (msg.type)`. */
export function assertNever(x: never): never {
  throw new Error(`unexpected message ${JSON.stringify(x)}`);
}
