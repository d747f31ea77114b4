import { ByName } from './contract.js';
import { EventLog } from './event-log.js';
import { Jobs } from './jobs.js';
import { PushHub } from './push-hub.js';
import { MessageQueue } from './queues.js';

/** What a Node adapter holds in memory, one of each: every pattern's state. */
export function patternState() {
  return {
    jobs: new Jobs(),
    events: new EventLog(),
    topics: new ByName(() => new EventLog()),
    queues: new ByName(() => new MessageQueue()),
    hub: new PushHub(),
  };
}
