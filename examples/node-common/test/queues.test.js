import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { Ack, MessageQueue, receiveParameters } from '../queues.js';

const lease = (visibilityMs, max = 10) => ({ max, visibilityMs, waitMs: 0 });

test('a receive leases up to max messages, each once until its lease ends', async () => {
  const queue = new MessageQueue();
  ['a', 'b', 'c'].forEach((body) => queue.send(body));
  const first = await queue.receive(lease(100, 2));
  assert.deepEqual(first.map((d) => [d.id, d.body, d.deliveryCount]), [['1', 'a', 1], ['2', 'b', 1]]);
  assert.deepEqual((await queue.receive(lease(100))).map((d) => d.id), ['3']);
  assert.deepEqual(await queue.receive(lease(100)), []);
  await sleep(150);
  const again = await queue.receive(lease(100));
  assert.deepEqual(again.map((d) => d.deliveryCount), [2, 2, 2]);
  assert.notEqual(again[0].receipt, first[0].receipt);
  assert.equal(queue.acknowledge(first[0].receipt), Ack.STALE);
  assert.equal(queue.acknowledge(again[0].receipt), Ack.DELETED);
  assert.equal(queue.acknowledge('1.1.0'), Ack.UNKNOWN);
});

test('an acknowledged message never comes back; an expired receipt is refused', async () => {
  const queue = new MessageQueue();
  queue.send('kept');
  queue.send('gone');
  const [kept, gone] = await queue.receive(lease(50));
  assert.equal(queue.acknowledge(gone.receipt), Ack.DELETED);
  await sleep(80);
  assert.equal(queue.acknowledge(kept.receipt), Ack.STALE);
  assert.deepEqual((await queue.receive(lease(50))).map((d) => d.body), ['kept']);
});

test('a waiting receive is woken by a send, ends empty with its wait, or when its client goes away', async () => {
  const queue = new MessageQueue();
  const woken = queue.receive({ max: 1, visibilityMs: 100, waitMs: 5000 });
  queue.send('m');
  assert.equal((await woken)[0].body, 'm');
  assert.deepEqual(await queue.receive({ max: 1, visibilityMs: 100, waitMs: 20 }), []);
  const gone = new AbortController();
  const abandoned = queue.receive({ max: 1, visibilityMs: 100, waitMs: 5000 }, gone.signal);
  gone.abort();
  assert.deepEqual(await abandoned, []);
  queue.send('for the next receive');
  assert.equal((await queue.receive(lease(100)))[0].body, 'for the next receive');
});

test('receive parameters have defaults and accepted ranges', () => {
  assert.deepEqual(receiveParameters({}), { max: 1, visibilityMs: 30_000, waitMs: 0 });
  assert.deepEqual(receiveParameters({ max: '10', visibilityMs: '43200000', waitMs: '20000' }),
    { max: 10, visibilityMs: 43_200_000, waitMs: 20_000 });
  for (const bad of [{ max: '0' }, { max: '11' }, { visibilityMs: '-1' }, { visibilityMs: 'x' }, { waitMs: '20001' },
    { max: ['1', '2'] }]) {
    assert.throws(() => receiveParameters(bad), { status: 400 });
  }
});
