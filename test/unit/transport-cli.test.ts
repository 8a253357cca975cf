// `--host user@host[:port]` and `--identity FILE` parsing for `ringscope run`, and the local privilege
// decision (root, ambient capabilities, sudo/pkexec/none) from /proc/self/status masks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { render, transportMessages as m } from '../../common/messages';
import { parseHostSpec, takeTransportOptions } from '../../client/transport/fromCli';
import { capabilityMask, chooseElevation, hasAgentCapabilities } from '../../client/transport/privilege';

void test('host specs: alias, user@host, :port, bracketed IPv6', () => {
  assert.deepEqual(parseHostSpec('lab'), { ok: true, target: { destination: 'lab' } });
  assert.deepEqual(parseHostSpec('me@10.0.0.2:2222'), { ok: true, target: { destination: 'me@10.0.0.2', port: 2222 } });
  assert.deepEqual(parseHostSpec('host.example.org:22'), { ok: true, target: { destination: 'host.example.org', port: 22 } });
  assert.deepEqual(parseHostSpec('root@[fe80::1%eth0]:22'), { ok: true, target: { destination: 'root@fe80::1%eth0', port: 22 } });
});

void test('bad host specs are refused with the catalogued reason', () => {
  const why = (spec: string): string => {
    const r = parseHostSpec(spec);
    assert.equal(r.ok, false);
    return r.ok ? '' : r.message;
  };
  assert.equal(why('-oProxyCommand=sh'), render(m.badHostSpec, '-oProxyCommand=sh', "it starts with '-'"));
  assert.equal(why('a b'), render(m.badHostSpec, 'a b', 'the host name has characters ssh does not accept'));
  assert.equal(why('h:0'), render(m.badHostSpec, 'h:0', 'the port is not a number from 1 to 65535'));
  assert.equal(why('h:ssh'), render(m.badHostSpec, 'h:ssh', 'the port is not a number from 1 to 65535'));
  assert.equal(why('me;rm@h'), render(m.badHostSpec, 'me;rm@h', 'the user name has characters ssh does not accept'));
  assert.equal(why(''), render(m.badHostSpec, '', 'it is empty'));
});

void test('takeTransportOptions removes --host/--identity in both spellings and keeps the rest in order', () => {
  assert.deepEqual(takeTransportOptions(['x.bpf.c', '--host', 'me@h:2', '--duration', '3', '--identity=/k']), {
    ok: true,
    target: { destination: 'me@h', port: 2, identity: '/k' },
    rest: ['x.bpf.c', '--duration', '3'],
  });
  assert.deepEqual(takeTransportOptions(['--host=lab', 'x.bpf.o']), { ok: true, target: { destination: 'lab' }, rest: ['x.bpf.o'] });
  assert.deepEqual(takeTransportOptions(['--ssh-config', '/c', '--host', 'lab']), {
    ok: true,
    target: { destination: 'lab', configFile: '/c' },
    rest: [],
  });
  assert.deepEqual(takeTransportOptions(['x.bpf.o']), { ok: true, rest: ['x.bpf.o'] });
  assert.deepEqual(takeTransportOptions(['x', '--host']), { ok: false, code: m.cliOptionValue.code, message: render(m.cliOptionValue, '--host') });
  assert.deepEqual(takeTransportOptions(['--identity', 'k']), {
    ok: false,
    code: m.identityWithoutHost.code,
    message: render(m.identityWithoutHost),
  });
});

void test('capability masks from /proc/self/status and the elevation choice', () => {
  const status = 'Name:\tnode\nCapInh:\t0000000000000000\nCapEff:\t000001ffffffffff\nCapAmb:\t000000c000000004\n';
  const amb = capabilityMask(status, 'CapAmb');
  assert.equal(amb, 0xc000000004n);
  assert.equal(hasAgentCapabilities(amb ?? 0n), true);
  assert.equal(hasAgentCapabilities(0xc000000000n), false);
  assert.equal(capabilityMask('Name:\tx\n', 'CapAmb'), undefined);
  assert.equal(chooseElevation(0, undefined, 'none'), 'direct');
  assert.equal(chooseElevation(1000, amb, 'sudo'), 'direct');
  assert.equal(chooseElevation(1000, 0n, 'sudo'), 'sudo');
  assert.equal(chooseElevation(1000, 0n, 'pkexec'), 'pkexec');
  assert.equal(chooseElevation(1000, undefined, 'none'), 'refuse');
});
