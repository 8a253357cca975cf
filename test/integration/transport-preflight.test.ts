// The remote preflight against a real sshd whose host has no usable libbpf.so.1 (bind-mounted away in
// sshd's own mount namespace): the start fails before any upload with the catalogued libbpf message.
import { strict as assert } from 'node:assert';
import { after, before, test } from 'node:test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { transportMessages as m } from '../../common/messages';
import { startSsh } from '../../client/transport/ssh';
import { TransportFailure } from '../../client/transport/types';
import { startSshHost, type SshHost } from './support/sshHost';

const root = process.env['RINGSCOPE_ROOT'] ?? process.cwd();
let host: SshHost;

before(async () => {
  host = await startSshHost({ hideLibbpf: true });
});
after(async () => {
  await host?.stop();
});

void test('a host without libbpf.so.1 is refused with the install hint, and nothing is uploaded', async () => {
  let failure: unknown;
  try {
    await startSsh({ target: host.target('rs-root'), extensionRoot: root, tuning: host.tuning });
  } catch (e) {
    failure = e;
  }
  assert.ok(failure instanceof TransportFailure);
  assert.equal(failure.code, m.remoteNoLibbpf.code);
  assert.equal(
    failure.message,
    'libbpf.so.1 was not found on rs-root. Install libbpf 1.1 or newer there (Debian/Ubuntu: apt-get install ' +
      'libbpf1; Fedora: dnf install libbpf). [RS-TRANSPORT-018]',
  );
  assert.equal(existsSync(join(host.rootCache, 'ringscope')), false);
});
