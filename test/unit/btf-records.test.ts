// common/records.ts: flattening decoded trees into dotted columns, and the runtime guard of the
// record-type selection setting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flattenFields, isRecordSelection } from '../../common/records';

void test('flattenFields: nested objects, arrays of arrays, arrays of structs, scalars kept', () => {
  assert.deepEqual(
    flattenFields({
      hdr: { pid: 1, comm: 'sh' },
      args: [10, '18446744073709551615'],
      m: [[1, 2], [3]],
      s: [{ a: true }, { a: false }],
      empty: [],
      none: {},
    }),
    { 'hdr.pid': 1, 'hdr.comm': 'sh', 'args[0]': 10, 'args[1]': '18446744073709551615', 'm[0][0]': 1, 'm[0][1]': 2, 'm[1][0]': 3, 's[0].a': true, 's[1].a': false },
  );
  assert.deepEqual(flattenFields({}), {});
});

void test('isRecordSelection accepts the documented shapes', () => {
  for (const ok of [
    { ring: 'rb', type: 'struct event' },
    { ring: 'rb', tagField: 'kind', types: { '1': 'struct exec_event', '2': 'struct exit_event' } },
    { ring: 'rb', tagBytes: 4, tagOffset: 0, types: { '0x1': 'struct a' }, otherwise: 'struct b' },
    { ring: 'rb', headerType: 'struct hdr', tagField: 'hdr.kind', types: {} },
    { ring: 'rb' },
  ]) {
    assert.equal(isRecordSelection(ok), true, JSON.stringify(ok));
  }
});

void test('isRecordSelection rejects wrong shapes', () => {
  for (const bad of [
    null,
    'rb',
    [],
    {},
    { ring: '' },
    { ring: 3 },
    { ring: 'rb', type: 3 },
    { ring: 'rb', tagBytes: 3 },
    { ring: 'rb', tagOffset: -1 },
    { ring: 'rb', tagOffset: 1.5 },
    { ring: 'rb', types: { '1': 2 } },
    { ring: 'rb', types: ['struct a'] },
    { ring: 'rb', otherwise: '' },
  ]) {
    assert.equal(isRecordSelection(bad), false, JSON.stringify(bad));
  }
});
