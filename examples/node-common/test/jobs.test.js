import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Jobs, MAX_HOLD_MS } from '../jobs.js';

test('a job is pending until its duration has passed, then done with the hello answer', async () => {
  const jobs = new Jobs();
  const job = jobs.submit({ input: ' ping ', durationMs: 50, extra: true });
  assert.deepEqual(job.representation(), { id: job.id, state: 'pending' });
  const view = await jobs.await(job, 5000);
  assert.equal(view.state, 'done');
  assert.equal(view.result, 'pong');
  assert.ok(view.expiresInMs > 290_000);
});

test('a wait whose bound passes first is answered pending', async () => {
  const jobs = new Jobs();
  const job = jobs.submit({ input: 'x', durationMs: 1000 });
  assert.equal((await jobs.await(job, 20)).state, 'pending');
});

test('a failing job ends failed with an error', async () => {
  const jobs = new Jobs();
  const view = await jobs.await(jobs.submit({ input: 'ping', fail: true }), 5000);
  assert.equal(view.state, 'failed');
  assert.ok(view.error);
});

test('whole numbers however written are read as such; anything else is refused', () => {
  const jobs = new Jobs();
  for (const durationMs of [1e2, 100.0, null, undefined]) {
    jobs.submit({ input: 'x', durationMs });
  }
  for (const durationMs of [1.5, '100', -1, 600_001, true]) {
    assert.throws(() => jobs.submit({ input: 'x', durationMs }), { status: 422 });
  }
  assert.throws(() => jobs.submit({ input: 5 }), { status: 422 });
  assert.throws(() => jobs.submit({ input: 'x', fail: 'true' }), { status: 422 });
  assert.throws(() => jobs.submit(['x']), { status: 400 });
  assert.throws(() => jobs.submit(null), { status: 400 });
});

test('a wait bound is whole seconds, lowered to the maximum hold, which is also its default', () => {
  assert.equal(Jobs.boundMs(undefined), MAX_HOLD_MS);
  assert.equal(Jobs.boundMs('0'), 0);
  assert.equal(Jobs.boundMs('3'), 3000);
  assert.equal(Jobs.boundMs('9999'), MAX_HOLD_MS);
  for (const wait of ['', 'abc', '-1', '1.5', '1e2', ['1', '2']]) {
    assert.throws(() => Jobs.boundMs(wait), { status: 400 });
  }
});
