/** One tick per period (the run declares it as push.period). */
export const PERIOD_MS = 1000;
/** A Ping frame to every client once per keep-alive (the run declares it as push.keepalive). */
export const KEEPALIVE_MS = 5000;

/**
 * Push's connected clients (spec/push.md): a tick to every client once per PERIOD_MS, and each notification to every
 * client, in the order they were accepted. A client is a function that queues a text message without blocking and
 * answers false when the client has fallen too far behind (it then closes its connection itself).
 */
export class PushHub {
  #clients = new Set();
  #seq = 0;

  constructor() {
    setInterval(() => this.#send({ type: 'tick', seq: ++this.#seq, time: new Date().toISOString() }), PERIOD_MS);
  }

  connect(client) {
    this.#clients.add(client);
  }

  disconnect(client) {
    this.#clients.delete(client);
  }

  broadcast(data) {
    this.#send({ type: 'notification', data });
  }

  #send(message) {
    const text = JSON.stringify(message);
    for (const client of this.#clients) {
      if (!client(text)) {
        this.#clients.delete(client);
      }
    }
  }
}

/** The answer to any client message but a ping, a binary one included. */
export const NOT_UNDERSTOOD = JSON.stringify({ type: 'error', reason: 'only the text message {"type":"ping"} is understood' });

/** The answer to a client's message: {"type":"pong"} (with the ping's id) for a ping, an error for anything else. */
export function answer(text) {
  let message;
  try {
    message = JSON.parse(text);
  } catch {
    return NOT_UNDERSTOOD;
  }
  if (message?.type !== 'ping') {
    return NOT_UNDERSTOOD;
  }
  return JSON.stringify('id' in message ? { type: 'pong', id: message.id } : { type: 'pong' });
}
