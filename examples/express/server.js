// Every pattern's contract on Express 5: its routes, body parsers and res.json, event streams written on the response
// (Express has no Server-Sent Events support of its own), and ws for the push socket.
// Usage: node server.js PORT (listens on 127.0.0.1)
import express from 'express';
import { WebSocketServer } from 'ws';
import { GREETING, Invalid, MAX_EVENT_BYTES, WORLD, coins, helloAnswer, utf8 } from '../node-common/contract.js';
import { EventLog, SseEvent } from '../node-common/event-log.js';
import { Jobs } from '../node-common/jobs.js';
import { ACK_STATUS, MAX_BODY_BYTES, receiveParameters } from '../node-common/queues.js';
import { patternState } from '../node-common/state.js';
import { joinHub, pingEveryKeepalive } from '../node-common/ws-push.js';

/** How many bytes a slow event-stream client may have waiting before it is cut off rather than skipped. */
const BACKLOG_BYTES = 4 << 20;

const { jobs, events, topics, queues, hub } = patternState();
const app = express();

/** Any body, whatever its Content-Type, as bytes; body-parser answers 413 beyond the limit. */
const anyBody = (limitBytes) => express.raw({ type: () => true, limit: limitBytes });
/** Express 5 leaves req.body undefined when the request has no body. */
const bytes = (req) => req.body ?? Buffer.alloc(0);
const text = (res, body) => res.type('text/plain').send(body);

app.route('/hello')
  .get((req, res) => text(res, WORLD))
  .post(express.text({ type: () => true }), (req, res) => text(res, helloAnswer(req.body ?? '')))
  .all((req, res) => res.set('Allow', 'GET, HEAD, POST').sendStatus(405));

app.get('/bitcoin', (req, res) => res.set('Cache-Control', 'no-cache').json({ coins: coins() }));
app.get('/', (req, res) => res.send(GREETING));

app.post('/jobs', express.json(), (req, res) => {
  const job = jobs.submit(req.body);
  res.status(202).location(`${req.path}/${job.id}`).set({
    'Retry-After': String(job.retryAfterSeconds()),
    'Cache-Control': 'no-store',
  }).json(job.representation());
});
app.get('/jobs/:id', async (req, res) => {
  const job = jobs.find(req.params.id);
  if (!job) {
    res.sendStatus(404);
    return;
  }
  const view = await jobs.await(job, Jobs.boundMs(req.query.wait));
  res.set('Cache-Control', 'no-store').json(view);
});

app.get('/events', (req, res) => openStream(req, res, events));
app.post('/events', anyBody(MAX_EVENT_BYTES), (req, res) => text(res, String(events.publish(eventText(req)))));
app.get('/topics/:topic/events', (req, res) => openStream(req, res, topics.named(req.params.topic)));
app.post('/topics/:topic/messages', anyBody(MAX_EVENT_BYTES), (req, res) => {
  const topic = topics.named(req.params.topic);
  text(res, String(topic.publish(eventText(req))));
});

app.post('/push/notifications', anyBody(MAX_EVENT_BYTES), (req, res) => {
  hub.broadcast(eventText(req));
  res.sendStatus(202);
});

app.post('/queues/:name/messages', anyBody(MAX_BODY_BYTES), (req, res) => {
  const queue = queues.named(req.params.name);
  res.status(201).json({ id: queue.send(utf8(bytes(req), MAX_BODY_BYTES)) });
});
app.post('/queues/:name/receive', async (req, res) => {
  const queue = queues.named(req.params.name);
  const parameters = receiveParameters(req.query);
  const gone = new AbortController();
  res.on('close', () => gone.abort());
  res.json({ messages: await queue.receive(parameters, gone.signal) });
});
app.delete('/queues/:name/receipts/:receipt', (req, res) => {
  res.sendStatus(ACK_STATUS[queues.named(req.params.name).acknowledge(req.params.receipt)]);
});

// A request the contract refuses is answered with the status it names; anything else goes to Express's own handler.
app.use((err, req, res, next) => {
  if (!(err instanceof Invalid)) {
    next(err);
    return;
  }
  res.status(err.status);
  text(res, err.message);
});

function eventText(req) {
  return utf8(bytes(req), MAX_EVENT_BYTES);
}

/**
 * An event stream on the response: its head sent at once (Node keeps it until the first write otherwise), then each
 * event of the log, and a comment per heartbeat. A client that falls BACKLOG_BYTES behind has its connection closed.
 */
function openStream(req, res, log) {
  res.status(200).set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache' });
  res.flushHeaders();
  const subscriber = (event) => {
    if (res.writableLength > BACKLOG_BYTES) {
      res.destroy();
      return false;
    }
    res.write(frame(event));
    return true;
  };
  const heartbeats = setInterval(() => subscriber(SseEvent.comment('heartbeat')), EventLog.heartbeatMs(req.query.heartbeat));
  res.on('close', () => {
    log.unsubscribe(subscriber);
    clearInterval(heartbeats);
  });
  log.subscribe(req.get('Last-Event-ID'), subscriber);
}

/** One event in the event-stream format (WHATWG HTML §9.2.5): a comment, or its fields and a data line per line. */
function frame({ id, event, data, comment }) {
  if (comment !== undefined) {
    return `: ${comment}\n\n`;
  }
  const fields = [id !== undefined && `id: ${id}`, event !== undefined && `event: ${event}`].filter(Boolean);
  return [...fields, ...data.split(/\r\n|\r|\n/).map((line) => `data: ${line}`)].join('\n') + '\n\n';
}

const server = app.listen(Number(process.argv[2]), '127.0.0.1', () => {
  console.log(`Express adapter listening on 127.0.0.1:${server.address().port}`);
});

// Push: ws on the same server
const sockets = new WebSocketServer({ server, path: '/push' });
sockets.on('connection', (socket) => joinHub(socket, hub));
pingEveryKeepalive(sockets);
