// Messages of reaching the agent: local privileges (sudo, pkexec, capabilities) and remote hosts over
// SSH (link, authentication, preflight, upload). Each says what failed and what to do about it.
import { message } from './catalog';

export const notPrivileged = message('RS-TRANSPORT-001', (user: string, node: string, agent: string) =>
  `Loading BPF programs needs root or CAP_BPF + CAP_PERFMON + CAP_DAC_READ_SEARCH (tracefs is mode 0700), ` +
    `and '${user}' has neither, and privilege mode 'none' forbids sudo/pkexec. Run as root, give the agent ` +
    `the capabilities as ambient capabilities (setpriv --inh-caps=+bpf,+perfmon,+dac_read_search ` +
    `--ambient-caps=+bpf,+perfmon,+dac_read_search ...), or set ringscope.privilegeMode to 'sudo' with the ` +
    `sudoers line: ${user} ALL=(root) NOPASSWD: ${node} ${agent}`,
);
export const sudoDenied = message('RS-TRANSPORT-002', (user: string, where: string, node: string, agent: string) =>
  `'${user}' on ${where} is not root and 'sudo -n' may not run the agent without a password. Add a sudoers ` +
    `file (visudo -f /etc/sudoers.d/ringscope) with the line: ${user} ALL=(root) NOPASSWD: ${node} ${agent} ` +
    `— or log in as root, or grant CAP_BPF + CAP_PERFMON + CAP_DAC_READ_SEARCH.`,
);
export const sudoMissing = message('RS-TRANSPORT-003', (where: string) =>
  `'sudo' is not installed on ${where}, and the user is not root. Install sudo (apt-get install sudo) and ` +
    `allow the agent with NOPASSWD, or run as root.`,
);
export const pkexecMissing = message('RS-TRANSPORT-004', () =>
  `ringscope.privilegeMode is 'pkexec' but pkexec is not installed (apt-get install pkexec / polkitd). ` +
    `Install it, or use 'sudo' with a NOPASSWD line for the agent.`,
);
export const pkexecDenied = message('RS-TRANSPORT-025', (user: string, node: string, agent: string, detail: string) =>
  `pkexec did not run the agent as root for '${user}'${detail ? ` (${detail})` : ''}: polkit refused, or no ` +
    `authentication agent could ask for a password. Allow exactly this command with a rule in ` +
    `/etc/polkit-1/rules.d/49-ringscope.rules: polkit.addRule(function (action, subject) { if (action.id == ` +
    `"org.freedesktop.policykit.exec" && action.lookup("command_line") == "${node} ${agent}" && subject.user == ` +
    `"${user}") return polkit.Result.YES; }); — or use privilege mode 'sudo' with a NOPASSWD line.`,
);
export const spawnFailed = message('RS-TRANSPORT-005', (command: string, detail: string) =>
  `Could not start '${command}': ${detail}.`,
);
export const agentExited = message('RS-TRANSPORT-006', (how: string, stderrTail: string) =>
  `The agent exited unexpectedly (${how}).${stderrTail ? ` Its last output: ${stderrTail}` : ''}`,
);
export const badLine = message('RS-TRANSPORT-007', (excerpt: string) =>
  `The agent sent a line that is not a valid protocol message: ${excerpt}`,
);
export const lineTooLong = message('RS-TRANSPORT-008', (limit: number) =>
  `The agent sent a line longer than ${limit} bytes; it was dropped.`,
);
export const sshAuthFailed = message('RS-TRANSPORT-010', (host: string, detail: string) =>
  `SSH refused the login to ${host} (${detail}). Ringscope runs ssh non-interactively (BatchMode): ` +
    `use a key that the host accepts (ssh-copy-id, IdentityFile in ~/.ssh/config, or --identity) ` +
    `and check it with: ssh ${host} true`,
);
export const sshUnreachable = message('RS-TRANSPORT-011', (host: string, detail: string) =>
  `Could not connect to ${host}: ${detail}. Check the host name, port and network (ssh ${host} true).`,
);
export const sshLinkLost = message('RS-TRANSPORT-012', (host: string, detail: string) =>
  `The SSH connection to ${host} was lost (${detail}). The agent on the host detaches its programs when sshd ` +
    `ends the session (at once when the connection closed; for a dead network, after sshd's ClientAliveInterval). ` +
    `Start the session again when the host is reachable.`,
);
export const sshHostKey = message('RS-TRANSPORT-013', (host: string, detail: string) =>
  `The host key of ${host} is not trusted (${detail}). Connect once with 'ssh ${host}' to verify and accept it.`,
);
export const sshFailed = message('RS-TRANSPORT-014', (host: string, detail: string) =>
  `ssh to ${host} failed: ${detail}`,
);
export const remoteNotLinux = message('RS-TRANSPORT-015', (host: string, system: string) =>
  `${host} runs ${system}; BPF programs need a Linux host.`,
);
export const remoteNoNode = message('RS-TRANSPORT-016', (host: string, node: string) =>
  `Node.js ('${node}') was not found on ${host}. The agent needs Node.js 18 or newer on the host: install it ` +
    `(e.g. apt-get install nodejs, or from nodejs.org) or set its path; note that non-interactive ssh does not ` +
    `read ~/.bashrc, so nvm installs are not on PATH. Under VS Code Remote-SSH the whole extension already runs ` +
    `on the host and needs no upload.`,
);
export const remoteOldNode = message('RS-TRANSPORT-017', (host: string, version: string) =>
  `${host} has Node.js ${version}; the agent needs 18 or newer. Upgrade Node.js on the host, or under ` +
    `VS Code Remote-SSH run the extension on the host itself.`,
);
export const remoteNoLibbpf = message('RS-TRANSPORT-018', (host: string) =>
  `libbpf.so.1 was not found on ${host}. Install libbpf 1.1 or newer there (Debian/Ubuntu: apt-get install ` +
    `libbpf1; Fedora: dnf install libbpf).`,
);
export const noFfiBinary = message('RS-TRANSPORT-019', (host: string, triple: string) =>
  `${host} is ${triple}, and this installation carries no ffi-rs binary for it (node_modules/@yuuang/ffi-rs-${triple}). ` +
    `Install the extension or CLI on a machine of that architecture, or add that package.`,
);
export const uploadFailed = message('RS-TRANSPORT-020', (host: string, detail: string) =>
  `Copying the agent to ${host} failed: ${detail}. Check the free space and permissions of the cache folder on the host.`,
);
export const badHostSpec = message('RS-TRANSPORT-021', (spec: string, why: string) =>
  `'${spec}' is not a host: ${why}. Use an alias from ~/.ssh/config or user@host[:port].`,
);
export const missingLocalFile = message('RS-TRANSPORT-022', (what: string, path: string) =>
  `${what} is missing (${path}). Build first: npm run build.`,
);
export const cliOptionValue = message('RS-TRANSPORT-023', (option: string) =>
  `${option} needs a value.`,
);
export const identityWithoutHost = message('RS-TRANSPORT-024', () =>
  `--identity and --ssh-config only apply with --host: they say how to log in to a remote host.`,
);
