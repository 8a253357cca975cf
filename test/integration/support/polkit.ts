// A real polkit authority for the pkexec tests: the system D-Bus and polkitd are started when not already
// running (and stopped again afterwards), and a rule file in /etc/polkit-1/rules.d allows one exact
// command line for one user, as an administrator would write it. Needs the dbus, polkitd and pkexec
// packages (scripts/setup.sh installs them); `startPolkit` says what is missing otherwise.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';

const BUS_SOCKET = '/run/dbus/system_bus_socket';
const POLKITD = '/usr/lib/polkit-1/polkitd';

export interface Polkit {
  /** Allows `user` to run exactly `commandLine` (argv joined by spaces) as root through pkexec. */
  allow(user: string, commandLine: string): void;
  /** Removes the rule. */
  disallow(): void;
  stop(): void;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The system bus answers (its socket file alone may be left over from a bus that died). */
function busUp(): boolean {
  return spawnSync('dbus-send', ['--system', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.GetId']).status === 0;
}

function polkitOnBus(): boolean {
  const r = spawnSync(
    'dbus-send',
    ['--system', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', 'string:org.freedesktop.PolicyKit1'],
    { encoding: 'utf8' },
  );
  return r.status === 0 && /boolean true/.test(r.stdout);
}

/** Starts what is not running; throws naming what is not installed. */
export async function startPolkit(): Promise<Polkit> {
  for (const [path, pkg] of [['/usr/bin/dbus-daemon', 'dbus'], [POLKITD, 'polkitd'], ['/usr/bin/pkexec', 'pkexec']] as const) {
    if (!existsSync(path)) throw new Error(`${path} is missing: apt-get install ${pkg} (scripts/setup.sh)`);
  }
  let busPid: number | undefined;
  if (!busUp()) {
    // a bus that died leaves both, and dbus-daemon refuses to start over its pid file
    rmSync(BUS_SOCKET, { force: true });
    rmSync('/run/dbus/pid', { force: true });
    const r = spawnSync('dbus-daemon', ['--system', '--fork', '--print-pid'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`dbus-daemon --system failed: ${r.stderr}`);
    busPid = Number(r.stdout.trim());
  }
  let polkitd: ChildProcess | undefined;
  if (!polkitOnBus()) {
    polkitd = spawn(POLKITD, ['--no-debug'], { stdio: 'ignore' });
    for (let i = 0; i < 100 && !polkitOnBus(); i++) await sleep(50);
    if (!polkitOnBus()) throw new Error('polkitd did not register org.freedesktop.PolicyKit1 on the system bus');
  }
  const ruleFile = `/etc/polkit-1/rules.d/49-ringscope-test-${process.pid}.rules`;
  return {
    allow(user, commandLine) {
      writeFileSync(
        ruleFile,
        'polkit.addRule(function (action, subject) {\n' +
          `  if (action.id == "org.freedesktop.policykit.exec" && action.lookup("command_line") == ${JSON.stringify(commandLine)} &&\n` +
          `      subject.user == ${JSON.stringify(user)}) return polkit.Result.YES;\n` +
          '});\n',
      );
    },
    disallow() {
      rmSync(ruleFile, { force: true });
    },
    stop() {
      rmSync(ruleFile, { force: true });
      polkitd?.kill();
      if (busPid) {
        try {
          process.kill(busPid);
        } catch {
          // already gone
        }
      }
    },
  };
}

/**
 * Waits until polkit answers `user` running `argv` through pkexec as `allowed` says (it rereads its rules
 * on a file change, shortly after): probes with stdin closed, on which the agent exits at once.
 */
export async function waitForPkexec(user: string, argv: readonly string[], allowed: boolean): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const r = spawnSync('setpriv', ['--reuid', user, '--regid', user, '--init-groups', 'pkexec', ...argv], {
      stdio: ['ignore', 'ignore', 'ignore'],
      env: { PATH: '/usr/bin:/bin', HOME: `/home/${user}` },
      timeout: 10000,
    });
    if ((r.status !== 126 && r.status !== 127) === allowed) return;
    await sleep(100);
  }
  throw new Error(`polkit never ${allowed ? 'allowed' : 'refused'} ${argv.join(' ')} for ${user}`);
}
