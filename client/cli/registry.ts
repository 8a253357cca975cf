// The CLI's command table. commands/index.ts registers each subcommand with one line; modules load
// lazily, so `ringscope doctor` never loads what `ringscope run` needs (ffi-rs, libbpf).
export interface CliCommand {
  /** Runs with the arguments after the command name; resolves to the exit status. */
  run(argv: string[]): Promise<number>;
  /** Full help text for `ringscope help <name>`; the summary is shown when absent. */
  readonly usage?: string;
}

export interface CommandEntry {
  readonly name: string;
  /** One line for `ringscope help`. */
  readonly summary: string;
  readonly load: () => Promise<CliCommand>;
}

const table = new Map<string, CommandEntry>();

/** Adds a subcommand; registering a name again replaces the earlier entry. */
export function register(name: string, summary: string, load: () => Promise<CliCommand>): void {
  table.set(name, { name, summary, load });
}

export function findCommand(name: string): CommandEntry | undefined {
  return table.get(name);
}

export function allCommands(): CommandEntry[] {
  return [...table.values()];
}
