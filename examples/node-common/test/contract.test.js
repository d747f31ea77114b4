import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ByName, helloAnswer, Invalid, requireName, utf8 } from '../contract.js';
import { answer } from '../push-hub.js';

test('ping in any whitespace is answered pong, anything else the empty string', () => {
  assert.equal(helloAnswer(' \t\r\n\v\fping\n'), 'pong');
  assert.equal(helloAnswer('Ping'), '');
  assert.equal(helloAnswer(''), '');
});

test('names are 1 to 80 letters, digits, - and _', () => {
  requireName('a'.repeat(80));
  assert.throws(() => requireName('a'.repeat(81)), { status: 400 });
  assert.throws(() => requireName('a.b'), Invalid);
  assert.throws(() => requireName(''), Invalid);
});

test('one item of each name, made when first named', () => {
  const byName = new ByName(() => ({}));
  assert.equal(byName.named('Orders'), byName.named('Orders'));
  assert.notEqual(byName.named('Orders'), byName.named('orders'));
  assert.throws(() => byName.named('a/b'), { status: 400 });
});

test('a body is UTF-8 within its limit, its byte order mark kept', () => {
  assert.equal(utf8(Buffer.from('\uFEFFé'), 5), '\uFEFFé');
  assert.throws(() => utf8(Buffer.from([0xc3]), 5), { status: 400 });
  assert.throws(() => utf8(Buffer.alloc(6), 5), { status: 413 });
});

test('a ping is answered pong with its id, anything else an error', () => {
  assert.equal(answer('{"type":"ping","id":{"n":7}}'), '{"type":"pong","id":{"n":7}}');
  assert.equal(answer('{"type":"ping"}'), '{"type":"pong"}');
  assert.equal(JSON.parse(answer('"ping"')).type, 'error');
  assert.equal(JSON.parse(answer('not json')).type, 'error');
});
