import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EventLog, HISTORY, HEARTBEAT_MS } from '../event-log.js';

function subscribed(log, lastEventId) {
  const received = [];
  log.subscribe(lastEventId, (event) => received.push(event) > 0);
  return received;
}

test('a stream without Last-Event-ID gets live events only, each with the next id', () => {
  const log = new EventLog();
  log.publish('before');
  const received = subscribed(log, '');
  assert.equal(log.publish('a\nb'), 2);
  assert.deepEqual(received, [{ id: '2', data: 'a\nb' }]);
});

test('a stream resumes after an id it still has, or is told stale', () => {
  const log = new EventLog();
  for (let i = 0; i < HISTORY + 2; i++) {
    log.publish(`e${i}`);
  }
  assert.deepEqual(subscribed(log, String(HISTORY + 1)).map((e) => e.id), [String(HISTORY + 2)]);
  assert.equal(subscribed(log, '2').length, HISTORY);
  for (const unresumable of ['1', String(HISTORY + 3), 'x', '99999999999999999999999']) {
    assert.deepEqual(subscribed(log, unresumable), [{ event: 'stale', data: unresumable }]);
  }
});

test('a subscriber that cannot take an event is dropped', () => {
  const log = new EventLog();
  let offered = 0;
  log.subscribe(undefined, () => ++offered && false);
  log.publish('a');
  log.publish('b');
  assert.equal(offered, 1);
});

test('the heartbeat parameter is honoured from 100 to 60000 ms', () => {
  assert.equal(EventLog.heartbeatMs('250'), 250);
  for (const ignored of [undefined, '99', '60001', 'x', '1e3']) {
    assert.equal(EventLog.heartbeatMs(ignored), HEARTBEAT_MS);
  }
});
