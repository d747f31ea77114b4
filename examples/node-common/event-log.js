/** How many events are kept for resumption (the run declares it as sse.history, pub-sub.history). */
export const HISTORY = 256;
/** How often an idle stream gets a comment (the run declares it as sse.heartbeat). */
export const HEARTBEAT_MS = 15_000;
const DECIMAL = /^[0-9]+$/;
const HEARTBEAT_PARAMETER = /^[0-9]{3,5}$/;

/**
 * What an adapter writes into an event stream, in the terms every stack's SSE support takes (id, event name, data,
 * comment): the stack's own writer turns it into bytes.
 */
export const SseEvent = {
  message: (id, data) => ({ id: String(id), data }),
  /** The signal that a stream cannot resume after lastEventId (spec/sse.md, "Resumption"). */
  stale: (lastEventId) => ({ event: 'stale', data: lastEventId }),
  comment: (text) => ({ comment: text }),
};

/**
 * An event source with ids and a history: the SSE pattern's events, or one pub/sub topic's messages. It numbers each
 * event, keeps the most recent HISTORY, and offers each to every subscriber at once, so that every subscriber sees the
 * same order and a resumed stream neither misses nor repeats an event (Node runs one callback at a time).
 *
 * A subscriber is a function that takes an event without blocking and answers false when its stream cannot take it
 * (too far behind): the log then drops the subscriber, which ends its stream itself.
 */
export class EventLog {
  #recent = [];
  #subscribers = new Set();
  #lastId = 0;

  /** Sends data as the next event to every subscriber and returns its id. */
  publish(data) {
    const event = SseEvent.message(++this.#lastId, data);
    this.#recent.push(event);
    if (this.#recent.length > HISTORY) {
      this.#recent.shift();
    }
    for (const subscriber of this.#subscribers) {
      if (!subscriber(event)) {
        this.#subscribers.delete(subscriber);
      }
    }
    return this.#lastId;
  }

  /**
   * Adds a subscriber. With a Last-Event-ID it is first offered the events after it, or the stale signal when they are
   * no longer all here (or never were); an empty or absent one means live events only.
   */
  subscribe(lastEventId, subscriber) {
    if (lastEventId) {
      const after = this.#resumableAfter(lastEventId);
      if (after === undefined) {
        subscriber(SseEvent.stale(lastEventId));
      } else {
        this.#recent.filter((e) => BigInt(e.id) > after).forEach(subscriber);
      }
    }
    this.#subscribers.add(subscriber);
  }

  unsubscribe(subscriber) {
    this.#subscribers.delete(subscriber);
  }

  /** A stream's heartbeat interval: ?heartbeat= from 100 to 60,000 ms where given, else HEARTBEAT_MS. */
  static heartbeatMs(parameter) {
    if (typeof parameter === 'string' && HEARTBEAT_PARAMETER.test(parameter)) {
      const ms = Number(parameter);
      if (ms >= 100 && ms <= 60_000) {
        return ms;
      }
    }
    return HEARTBEAT_MS;
  }

  /** The id to resume after, or undefined when the events after it are not all in the history. */
  #resumableAfter(lastEventId) {
    if (!DECIMAL.test(lastEventId) || BigInt(lastEventId) > BigInt(this.#lastId)) {
      return undefined;
    }
    const after = BigInt(lastEventId);
    const oldestKept = BigInt(this.#recent.length ? this.#recent[0].id : this.#lastId + 1);
    return after >= oldestKept - 1n ? after : undefined;
  }
}
