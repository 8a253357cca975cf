// The ~/.ssh/config reader for the host quick pick: aliases (not patterns), first HostName/User/Port of a
// block, `Key=value` and quoted forms, comments, Match blocks, and Includes followed with globs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expandInclude, parseSshConfig, readSshHosts, splitConfigLine } from '../../client/transport/sshConfig';

const sample = [
  '# global defaults',
  'ServerAliveInterval 30',
  '',
  'Host build-box bb',
  '  HostName 10.0.0.7',
  '  User dev',
  '  Port 2222',
  '  Port 2223',
  '',
  'Host *.internal !bastion.internal',
  '  User ops',
  '',
  'host=lab',
  '  hostname=lab.example.org # trailing comment',
  '  IdentityFile "~/.ssh/my key"',
  '',
  'Match host lab exec "true"',
  '  User nobody',
  '',
  'Host web? prod-*',
  '  User www',
  'Include conf.d/*.conf',
  'Host last',
  '  Port 99999',
].join('\n');

void test('aliases with their first HostName, User and Port; patterns and Match blocks are not aliases', () => {
  const parsed = parseSshConfig(sample);
  assert.deepEqual(parsed.hosts, [
    { alias: 'build-box', line: 4, hostName: '10.0.0.7', user: 'dev', port: 2222 },
    { alias: 'bb', line: 4, hostName: '10.0.0.7', user: 'dev', port: 2222 },
    { alias: 'lab', line: 13, hostName: 'lab.example.org' },
    { alias: 'last', line: 23 },
  ]);
  assert.deepEqual(parsed.includes, ['conf.d/*.conf']);
});

void test('config lines: keyword case, = separator, quotes, comments', () => {
  assert.deepEqual(splitConfigLine('  HOSTNAME   a.b '), { keyword: 'hostname', args: ['a.b'] });
  assert.deepEqual(splitConfigLine('Host=x y'), { keyword: 'host', args: ['x', 'y'] });
  assert.deepEqual(splitConfigLine('Host = x'), { keyword: 'host', args: ['x'] });
  assert.deepEqual(splitConfigLine('IdentityFile "/a b/c" # note'), { keyword: 'identityfile', args: ['/a b/c'] });
  assert.equal(splitConfigLine('   # only a comment'), undefined);
  assert.equal(splitConfigLine(''), undefined);
});

void test('CRLF files and empty files', () => {
  assert.deepEqual(parseSshConfig('Host a\r\n  User u\r\n').hosts, [{ alias: 'a', line: 1, user: 'u' }]);
  assert.deepEqual(parseSshConfig(''), { hosts: [], includes: [] });
});

void test('Include arguments: relative to ~/.ssh, ~/ to home, globs in the last component, sorted', () => {
  const list = (dir: string): string[] => (dir === '/h/.ssh/conf.d' ? ['b.conf', 'a.conf', 'notes.txt'] : []);
  assert.deepEqual(expandInclude('conf.d/*.conf', '/h/.ssh', list), ['/h/.ssh/conf.d/a.conf', '/h/.ssh/conf.d/b.conf']);
  assert.deepEqual(expandInclude('~/.ssh/extra', '/h/.ssh', list), ['/h/.ssh/extra']);
  assert.deepEqual(expandInclude('/etc/ssh/x', '/h/.ssh', list), ['/etc/ssh/x']);
});

void test('readSshHosts follows Includes, keeps the first definition of an alias, survives cycles and missing files', () => {
  const home = mkdtempSync(join(tmpdir(), 'rs-sshcfg-'));
  try {
    const ssh = join(home, '.ssh');
    mkdirSync(join(ssh, 'conf.d'), { recursive: true });
    writeFileSync(join(ssh, 'config'), 'Host one\n  User a\nInclude conf.d/*.conf missing-file\nHost two\n');
    writeFileSync(join(ssh, 'conf.d', '1.conf'), 'Host three\n  Port 22\nHost one\n  User shadowed\nInclude ~/.ssh/config\n');
    const hosts = readSshHosts(join(ssh, 'config'));
    assert.deepEqual(
      hosts.map((h) => [h.alias, h.user, h.port, h.file]),
      [
        ['one', 'a', undefined, join(ssh, 'config')],
        ['two', undefined, undefined, join(ssh, 'config')],
        ['three', undefined, 22, join(ssh, 'conf.d', '1.conf')],
      ],
    );
    assert.deepEqual(readSshHosts(join(home, 'no-such-config')), []);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
