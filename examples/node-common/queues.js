import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Invalid } from './contract.js';

/** The longest message body. */
export const MAX_BODY_BYTES = 262_144;
const NUMBER = /^[0-9]{1,9}$/;

/** How an acknowledgement went. */
export const Ack = { DELETED: 'deleted', STALE: 'stale', UNKNOWN: 'unknown' };
/** The status each outcome of an acknowledgement is answered with (409 and 404 are the contract's recommendations). */
export const ACK_STATUS = { [Ack.DELETED]: 204, [Ack.STALE]: 409, [Ack.UNKNOWN]: 404 };

/**
 * What a receive asks for, read from its query parameters (strings, or undefined when absent), each with its default;
 * a parameter outside the accepted values is refused (400).
 */
export function receiveParameters({ max, visibilityMs, waitMs }) {
  return {
    max: parameter('max', max, 1, 1, 10),
    visibilityMs: parameter('visibilityMs', visibilityMs, 30_000, 100, 43_200_000),
    waitMs: parameter('waitMs', waitMs, 0, 0, 20_000),
  };
}

function parameter(name, value, absent, min, max) {
  if (value === undefined) {
    return absent;
  }
  if (typeof value !== 'string' || !NUMBER.test(value) || Number(value) < min || Number(value) > max) {
    throw new Invalid(400, `${name} is a whole number from ${min} to ${max}`);
  }
  return Number(value);
}

/**
 * One queue of the message queue (spec/message-queue.md), in memory: a receive leases messages for a visibility period, an acknowledgement of the current lease deletes, a
 * lease that ends makes its message deliverable again. A waiting receive is a promise that a send or a lease's end
 * fulfils, or its wait's end.
 */
export class MessageQueue {
  #deliverable = [];
  /** Every receipt a message still in the queue was delivered with, so that an old one is known as stale. */
  #receipts = new Map();
  #waiters = new Set();
  #lastId = 0;

  /** Stores the message and returns its id. */
  send(body) {
    const id = String(++this.#lastId);
    this.#deliverable.push({ id, body, deliveries: 0, receipts: [] });
    this.#serveWaiters();
    return id;
  }

  /**
   * The deliveries leased to this receive: at once when there are any or it does not wait, else when a message becomes
   * deliverable or the wait ends. An aborted signal (its client went away) ends the wait with nothing leased.
   */
  receive({ max, visibilityMs, waitMs }, signal) {
    if (this.#deliverable.length > 0 || waitMs === 0) {
      return Promise.resolve(this.#lease(max, visibilityMs));
    }
    return new Promise((resolve) => {
      const waiter = {
        max,
        visibilityMs,
        answer: (deliveries) => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', gone);
          this.#waiters.delete(waiter);
          resolve(deliveries);
        },
      };
      const timer = setTimeout(() => waiter.answer([]), waitMs);
      const gone = () => waiter.answer([]);
      signal?.addEventListener('abort', gone, { once: true });
      this.#waiters.add(waiter);
    });
  }

  /** Deletes the message whose current lease the receipt names, if that lease still runs. */
  acknowledge(receipt) {
    const message = this.#receipts.get(receipt);
    if (!message) {
      return Ack.UNKNOWN;
    }
    if (receipt !== message.receipt || performance.now() >= message.leaseEndsAt) {
      return Ack.STALE;
    }
    message.receipts.forEach((r) => this.#receipts.delete(r));
    message.receipt = undefined;
    return Ack.DELETED;
  }

  #lease(max, visibilityMs) {
    return this.#deliverable.splice(0, max).map((message) => {
      message.deliveries++;
      const receipt = `${message.id}.${message.deliveries}.${randomBytes(8).toString('hex')}`;
      message.receipt = receipt;
      message.receipts.push(receipt);
      message.leaseEndsAt = performance.now() + visibilityMs;
      this.#receipts.set(receipt, message);
      setTimeout(() => this.#leaseEnded(message, receipt), visibilityMs);
      return { id: message.id, body: message.body, receipt, deliveryCount: message.deliveries };
    });
  }

  #leaseEnded(message, receipt) {
    if (receipt !== message.receipt) {
      return; // acknowledged
    }
    message.receipt = undefined;
    this.#deliverable.unshift(message);
    this.#serveWaiters();
  }

  #serveWaiters() {
    for (const waiter of this.#waiters) {
      if (this.#deliverable.length === 0) {
        return;
      }
      waiter.answer(this.#lease(waiter.max, waiter.visibilityMs));
    }
  }
}
