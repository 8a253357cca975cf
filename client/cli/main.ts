// `ringscope`: the command-line entry (dist/cli.js). Dispatches `ringscope <command> [args]` through the
// registry that commands/index.ts fills; also `help [command]` and `--version`.
import { version } from '../../package.json';
import { cliMessages as m, render } from '../../common/messages';
import './commands';
import { allCommands, findCommand } from './registry';

function printHelp(): void {
  const entries = allCommands();
  const width = Math.max(8, ...entries.map((e) => e.name.length));
  const lines = entries.map((e) => `  ${e.name.padEnd(width)}  ${e.summary}`);
  lines.push(`  ${'help'.padEnd(width)}  show this help, or a command's: ringscope help <command>`);
  process.stdout.write(`${m.usageHeader.text(version)}\n${lines.join('\n')}\n`);
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V' || name === 'version') {
    process.stdout.write(`ringscope ${version}\n`);
    return 0;
  }
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const topic = name === 'help' ? rest[0] : undefined;
    if (topic === undefined) {
      printHelp();
      return 0;
    }
    const entry = findCommand(topic);
    if (!entry) {
      process.stderr.write(render(m.unknownCommand, topic) + '\n');
      return 2;
    }
    const command = await entry.load();
    process.stdout.write((command.usage ?? m.noUsage.text(entry.name, entry.summary)) + '\n');
    return 0;
  }
  const entry = findCommand(name);
  if (!entry) {
    process.stderr.write(render(m.unknownCommand, name) + '\n');
    return 2;
  }
  try {
    const command = await entry.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      process.stdout.write((command.usage ?? m.noUsage.text(entry.name, entry.summary)) + '\n');
      return 0;
    }
    return await command.run(rest);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    process.stderr.write(render(m.internalError, name, detail) + '\n');
    if (process.env['RINGSCOPE_DEBUG'] && e instanceof Error && e.stack) process.stderr.write(e.stack + '\n');
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`${String(e)}\n`);
    process.exitCode = 1;
  },
);
