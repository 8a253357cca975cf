// Pure parts of the SSH transport: the exact ssh argv, remote quoting, ssh failures mapped to catalogue
// entries, the preflight's key=value answer and its checks, ffi-rs triples.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { render, transportMessages as m } from '../../common/messages';
import { classifySshFailure, shq, sshArgv, sshExitMasterArgv } from '../../client/transport/sshArgs';
import { checkFacts, ffiTriple, parsePreflight, type RemoteFacts } from '../../client/transport/remote';

const tuning = { controlDir: '/run/user/1000/ringscope-ssh-1000', aliveIntervalSeconds: 5, aliveCountMax: 3 };

void test('ssh argv: batch mode, timeouts, keepalive, connection sharing, -T, -- before the destination', () => {
  assert.deepEqual(sshArgv({ destination: 'lab' }, tuning, 'echo hi'), [
    'ssh',
    '-o', 'BatchMode=yes',
    '-o', 'ConnectTimeout=10',
    '-o', 'ServerAliveInterval=5',
    '-o', 'ServerAliveCountMax=3',
    '-o', 'ControlMaster=auto',
    '-o', 'ControlPath=/run/user/1000/ringscope-ssh-1000/%C',
    '-o', 'ControlPersist=60',
    '-T', '--', 'lab', 'echo hi',
  ]);
});

void test('ssh argv with config file, port, identity and extra options', () => {
  const argv = sshArgv(
    { destination: 'me@h', port: 2200, identity: '/k/id', configFile: '/c/cfg', options: ['Compression=yes'] },
    tuning,
    'true',
  );
  assert.deepEqual(argv.slice(0, 3), ['ssh', '-F', '/c/cfg']);
  assert.deepEqual(argv.slice(-12), [
    '-p', '2200', '-i', '/k/id', '-o', 'IdentitiesOnly=yes', '-o', 'Compression=yes', '-T', '--', 'me@h', 'true',
  ]);
  assert.deepEqual(sshExitMasterArgv({ destination: 'lab' }, tuning).slice(-4), ['-O', 'exit', '--', 'lab']);
});

void test('a destination that looks like an option or holds spaces is refused', () => {
  assert.throws(() => sshArgv({ destination: '-oProxyCommand=x' }, tuning, 'true'));
  assert.throws(() => sshArgv({ destination: 'a b' }, tuning, 'true'));
});

void test('remote quoting survives quotes and shell characters', () => {
  assert.equal(shq('/home/o\'neil/$x;`y`'), `'/home/o'\\''neil/$x;\`y\`'`);
});

void test('ssh stderr → catalogued errors', () => {
  const t = { destination: 'lab', port: 2222 };
  const cases: Array<[string, boolean, string]> = [
    ['root@10.0.0.2: Permission denied (publickey).\n', false, m.sshAuthFailed.code],
    ['Host key verification failed.\n', false, m.sshHostKey.code],
    ['ssh: connect to host 10.0.0.2 port 22: Connection refused\n', false, m.sshUnreachable.code],
    ['ssh: Could not resolve hostname nowhere: Name or service not known\n', false, m.sshUnreachable.code],
    ['Timeout, server 10.0.0.2 not responding.\n', true, m.sshLinkLost.code],
    ['', true, m.sshLinkLost.code],
    ['something else\n', false, m.sshFailed.code],
  ];
  for (const [stderr, connected, code] of cases) assert.equal(classifySshFailure(t, stderr, connected).code, code, stderr);
  assert.deepEqual(classifySshFailure(t, 'Warning: Permanently added x\nroot@h: Permission denied (publickey).\n', false), {
    code: m.sshAuthFailed.code,
    message: render(m.sshAuthFailed, 'lab:2222', 'root@h: Permission denied (publickey).'),
  });
});

const answer = [
  'cache=/home/u/.cache/ringscope',
  'system=Linux',
  'machine=x86_64',
  'uid=1000',
  'user=u',
  'node=/usr/bin/node',
  'nodeVersion=v20.20.2',
  'libc=gnu',
  'libbpf=/lib/x86_64-linux-gnu/libbpf.so.1',
  'present=.complete-linux-x64-gnu agent.js node_modules ',
  'sudo=denied',
  '',
].join('\n');

void test('the preflight answer parses into facts', () => {
  assert.deepEqual(parsePreflight(answer), {
    system: 'Linux',
    machine: 'x86_64',
    libc: 'gnu',
    uid: 1000,
    user: 'u',
    node: '/usr/bin/node',
    nodeVersion: 'v20.20.2',
    libbpf: '/lib/x86_64-linux-gnu/libbpf.so.1',
    cache: '/home/u/.cache/ringscope',
    present: ['.complete-linux-x64-gnu', 'agent.js', 'node_modules'],
    sudo: 'denied',
  });
  assert.equal(parsePreflight('motd line\nno keys here\n'), undefined);
});

void test('preflight checks in order: Linux, node present, node ≥ 18, libbpf', () => {
  const facts = parsePreflight(answer) as RemoteFacts;
  assert.equal(checkFacts('lab', facts, 'node'), undefined);
  assert.equal(checkFacts('lab', { ...facts, system: 'Darwin' }, 'node')?.message, render(m.remoteNotLinux, 'lab', 'Darwin'));
  assert.equal(checkFacts('lab', { ...facts, node: '' }, 'node')?.message, render(m.remoteNoNode, 'lab', 'node'));
  assert.equal(checkFacts('lab', { ...facts, nodeVersion: 'v16.20.0' }, 'node')?.message, render(m.remoteOldNode, 'lab', 'v16.20.0'));
  assert.equal(checkFacts('lab', { ...facts, nodeVersion: 'v18.0.0' }, 'node'), undefined);
  assert.equal(checkFacts('lab', { ...facts, libbpf: '' }, 'node')?.code, m.remoteNoLibbpf.code);
});

void test('ffi-rs triples per machine and libc', () => {
  assert.equal(ffiTriple('Linux', 'x86_64', 'gnu'), 'linux-x64-gnu');
  assert.equal(ffiTriple('Linux', 'x86_64', 'musl'), 'linux-x64-musl');
  assert.equal(ffiTriple('Linux', 'aarch64', 'gnu'), 'linux-arm64-gnu');
  assert.equal(ffiTriple('Linux', 'armv7l', 'gnu'), 'linux-arm-gnueabihf');
  assert.equal(ffiTriple('Linux', 'riscv64', 'gnu'), undefined);
  assert.equal(ffiTriple('FreeBSD', 'amd64', 'gnu'), undefined);
});
