// The message catalogue's formatting: render appends the code once, withCode never appends it twice
// (a rendered agent or transport error passed on by the session keeps exactly one code).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { message, render, withCode } from '../../common/messages';

const sample = message('RS-TEST-001', (what: string) => `Something about ${what}.`);

void test('render appends the code once', () => {
  assert.equal(render(sample, 'rings'), 'Something about rings. [RS-TEST-001]');
});

void test('withCode appends a missing code and keeps a present one', () => {
  assert.equal(withCode('clang not found', 'RS-BUILD-001'), 'clang not found [RS-BUILD-001]');
  const rendered = render(sample, 'rings');
  assert.equal(withCode(rendered, 'RS-TEST-001'), rendered);
  assert.equal(withCode(rendered, 'RS-OTHER-002'), `${rendered} [RS-OTHER-002]`);
});
