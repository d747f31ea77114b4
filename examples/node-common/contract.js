/** The small rules of the contracts (spec/*.md, "Contract") that do not depend on a stack. */

/** Request-response: what a GET of the hello resource answers. */
export const WORLD = 'world';
/** Short polling: what the root resource answers. */
export const GREETING = 'Hello world';
/** The longest SSE trigger, publish and push notification body (64 KiB). */
export const MAX_EVENT_BYTES = 64 * 1024;
/** Queue and topic names: 1 to 80 ASCII letters, digits, '-' and '_'. */
const NAME = /^[A-Za-z0-9_-]{1,80}$/;

/** A request the contract refuses, with the status it is refused with. */
export class Invalid extends Error {
  constructor(status, reason) {
    super(reason);
    this.status = status;
  }
}

/** Request-response: pong for a body that is ping once trimmed, the empty string otherwise. */
export function helloAnswer(body) {
  return body.trim() === 'ping' ? 'pong' : '';
}

/** Short polling: a fresh value from -10 to 100 on every poll, as the seed draws it. */
export function coins() {
  return Math.floor(Math.random() * 111) - 10;
}

export function requireName(name) {
  if (!NAME.test(name)) {
    throw new Invalid(400, 'a name is 1 to 80 characters from A-Z a-z 0-9 - _');
  }
}

/** Queues or topics: one of each name, made when first named; a name outside the naming rule is refused (400). */
export class ByName {
  #items = new Map();
  #make;

  constructor(make) {
    this.#make = make;
  }

  named(name) {
    requireName(name);
    if (!this.#items.has(name)) {
      this.#items.set(name, this.#make());
    }
    return this.#items.get(name);
  }
}

/** The body as text, refused unless it is UTF-8 and at most maxBytes long; a byte order mark is kept as sent. */
export function utf8(bytes, maxBytes) {
  if (bytes.length > maxBytes) {
    throw new Invalid(413, `the body is longer than ${maxBytes} bytes`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new Invalid(400, 'the body is not UTF-8');
  }
}

/**
 * Whether the adapter works around its stack where the stack alone cannot meet a contract. Each workaround is small and
 * commented where it is made; COMMTCK_WORKAROUNDS=off leaves them all out, so that the matrix can show a stack's
 * verdicts with and without them (stack.workaround in its stack.properties).
 */
export const WORKAROUNDS = process.env.COMMTCK_WORKAROUNDS !== 'off';
