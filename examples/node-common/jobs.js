import { randomUUID } from 'node:crypto';
import { Invalid, helloAnswer } from './contract.js';

/** The documented maximum hold (the run declares it as long-polling.max-hold-ms). */
export const MAX_HOLD_MS = 10_000;
/** The longest job accepted. */
export const MAX_DURATION_MS = 600_000;
const KEPT_MS = 300_000;
const WAIT = /^[0-9]{1,9}$/;

/** One job of long polling (spec/long-polling.md); its representation is read whenever it is answered. */
class Job {
  #input;
  #fails;
  #endsAt;
  #finishedAt;

  constructor(input, fails, durationMs, onFinished) {
    this.id = randomUUID();
    this.#input = input;
    this.#fails = fails;
    this.#endsAt = Date.now() + durationMs;
    this.finished = new Promise((resolve) => {
      setTimeout(() => {
        this.#finishedAt = Date.now();
        resolve();
        onFinished(this);
      }, durationMs);
    });
  }

  /** When the result may be expected, in whole seconds from now (for Retry-After). */
  retryAfterSeconds() {
    return Math.max(0, Math.ceil((this.#endsAt - Date.now()) / 1000));
  }

  representation() {
    if (this.#finishedAt === undefined) {
      return { id: this.id, state: 'pending' };
    }
    const outcome = this.#fails ? { state: 'failed', error: 'the job was asked to fail' }
      : { state: 'done', result: helloAnswer(this.#input) };
    return { id: this.id, ...outcome, expiresInMs: Math.max(0, this.#finishedAt + KEPT_MS - Date.now()) };
  }
}

/**
 * Long polling's jobs: each runs on a timer, whoever is connected, and is kept five minutes after it ends. A wait is a
 * promise of the job's representation when the job ends or its bound passes, whichever comes first: the adapter only
 * turns it into a held response in its stack's way.
 */
export class Jobs {
  #jobs = new Map();

  /** Starts the job a submission (the parsed JSON body) asks for, or refuses it: 400 unless an object, 422 for a member. */
  submit(body) {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new Invalid(400, 'the body is a JSON object');
    }
    const { input, fail = false, durationMs } = body;
    if (typeof input !== 'string') {
      throw new Invalid(422, 'input is required and is a string');
    }
    if (typeof fail !== 'boolean') {
      throw new Invalid(422, 'fail is a boolean');
    }
    // JSON.parse reads 1e4 and 10000.0 as 10000, the number they equal; null counts as absent
    const duration = durationMs ?? 0;
    if (!Number.isInteger(duration) || duration < 0 || duration > MAX_DURATION_MS) {
      throw new Invalid(422, `durationMs is a whole number from 0 to ${MAX_DURATION_MS}`);
    }
    const job = new Job(input, fail, duration, (finished) => {
      // forgetting a job is no reason to keep the process alive
      setTimeout(() => this.#jobs.delete(finished.id), KEPT_MS).unref();
    });
    this.#jobs.set(job.id, job);
    return job;
  }

  find(id) {
    return this.#jobs.get(id);
  }

  /** The job's representation once it has ended, or when boundMs has passed (then pending). */
  async await(job, boundMs) {
    let timer;
    const bound = new Promise((resolve) => {
      timer = setTimeout(resolve, boundMs);
    });
    await Promise.race([job.finished, bound]);
    clearTimeout(timer);
    return job.representation();
  }

  /** The bound of a wait: ?wait=N in whole seconds, at most the maximum hold, which is also the default. */
  static boundMs(wait) {
    if (wait === undefined) {
      return MAX_HOLD_MS;
    }
    if (typeof wait !== 'string' || !WAIT.test(wait)) {
      throw new Invalid(400, 'wait is a whole number of seconds');
    }
    return Math.min(Number(wait) * 1000, MAX_HOLD_MS);
  }
}
