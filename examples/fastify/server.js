// Every pattern's contract on Fastify 5: its routes, content-type parsers and JSON replies, @fastify/sse for event
// streams and @fastify/websocket (ws) for the push socket.
// Usage: node server.js PORT (listens on 127.0.0.1)
import Fastify from 'fastify';
import fastifySse from '@fastify/sse';
import fastifyWebsocket from '@fastify/websocket';
import { GREETING, Invalid, MAX_EVENT_BYTES, WORKAROUNDS, WORLD, coins, helloAnswer, utf8 } from '../node-common/contract.js';
import { HEARTBEAT_MS } from '../node-common/event-log.js';
import { Jobs } from '../node-common/jobs.js';
import { ACK_STATUS, MAX_BODY_BYTES, receiveParameters } from '../node-common/queues.js';
import { patternState } from '../node-common/state.js';
import { joinHub, pingEveryKeepalive } from '../node-common/ws-push.js';

/** How many bytes a slow event-stream client may have waiting before it is cut off rather than skipped. */
const BACKLOG_BYTES = 4 << 20;
/** Fastify's own body limit when none is given. */
const FASTIFY_BODY_LIMIT = 1 << 20;

const { jobs, events, topics, queues, hub } = patternState();
const app = Fastify();

// Event data is text already; the plugin's default serializer would write it as a JSON string.
await app.register(fastifySse, { heartbeatInterval: HEARTBEAT_MS, serializer: (data) => data });
await app.register(fastifyWebsocket);

// A request the contract refuses is answered with the status it names; anything else goes to Fastify's own handler.
app.setErrorHandler((error, request, reply) => {
  if (!(error instanceof Invalid)) {
    return reply.send(error);
  }
  return reply.code(error.status).type('text/plain').send(error.message);
});

app.get('/hello', async () => WORLD);
app.post('/hello', async (request) => helloAnswer(request.body ?? ''));
app.route({
  method: ['PUT', 'DELETE', 'PATCH', 'OPTIONS'],
  url: '/hello',
  handler: async (request, reply) => reply.code(405).header('Allow', 'GET, HEAD, POST').send('Method Not Allowed'),
});

app.get('/bitcoin', async (request, reply) => {
  reply.header('Cache-Control', 'no-cache');
  return { coins: coins() };
});
app.get('/', async () => GREETING);

app.post('/jobs', async (request, reply) => {
  const job = jobs.submit(request.body);
  reply.code(202).headers({
    Location: `${request.routeOptions.url}/${job.id}`,
    'Retry-After': String(job.retryAfterSeconds()),
    'Cache-Control': 'no-store',
  });
  return job.representation();
});
app.get('/jobs/:id', async (request, reply) => {
  const job = jobs.find(request.params.id);
  if (!job) {
    return reply.code(404).send();
  }
  const view = await jobs.await(job, Jobs.boundMs(request.query.wait));
  reply.header('Cache-Control', 'no-store');
  return view;
});

app.get('/events', { sse: 'only' }, async (request, reply) => openStream(reply, events));
app.get('/topics/:topic/events', { sse: 'only' }, async (request, reply) => {
  openStream(reply, topics.named(request.params.topic));
});

app.get('/push', { websocket: true }, (socket) => joinHub(socket, hub));
pingEveryKeepalive(app.websocketServer);

app.post('/queues/:name/receive', async (request, reply) => {
  const queue = queues.named(request.params.name);
  const parameters = receiveParameters(request.query);
  const gone = new AbortController();
  reply.raw.on('close', () => gone.abort());
  return { messages: await queue.receive(parameters, gone.signal) };
});
app.delete('/queues/:name/receipts/:receipt', async (request, reply) => {
  return reply.code(ACK_STATUS[queues.named(request.params.name).acknowledge(request.params.receipt)]).send();
});

// The routes whose bodies are any bytes, of any Content-Type: a parser of their own, in a scope of their own.
await app.register(async (anyBody) => {
  anyBody.removeAllContentTypeParsers();
  anyBody.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body, done) => done(null, body));

  anyBody.post('/events', { bodyLimit: bodyLimit(MAX_EVENT_BYTES) }, async (request) => {
    return String(events.publish(eventText(request)));
  });
  anyBody.post('/topics/:topic/messages', { bodyLimit: bodyLimit(MAX_EVENT_BYTES) }, async (request) => {
    const topic = topics.named(request.params.topic);
    return String(topic.publish(eventText(request)));
  });
  anyBody.post('/push/notifications', { bodyLimit: bodyLimit(MAX_EVENT_BYTES) }, async (request, reply) => {
    hub.broadcast(eventText(request));
    return reply.code(202).send();
  });
  anyBody.post('/queues/:name/messages', { bodyLimit: bodyLimit(MAX_BODY_BYTES) }, async (request, reply) => {
    const queue = queues.named(request.params.name);
    reply.code(201);
    return { id: queue.send(utf8(bytes(request), MAX_BODY_BYTES)) };
  });
});

/**
 * The body limit of a route whose contract refuses bodies over maxBytes with 413. Fastify refuses a body over its limit
 * before reading it, with Connection: close, and Node then closes at once, so that a client still sending it may get a
 * reset instead of the 413 (RFC 9112 §9.6): the workaround lets Fastify read bodies up to its own default limit and has
 * the route refuse the longer ones (utf8()), on a connection that stays open.
 */
function bodyLimit(maxBytes) {
  return WORKAROUNDS ? Math.max(maxBytes, FASTIFY_BODY_LIMIT) : maxBytes;
}

/** A request without a body has none to parse. */
function bytes(request) {
  return request.body ?? Buffer.alloc(0);
}

function eventText(request) {
  return utf8(bytes(request), MAX_EVENT_BYTES);
}

/**
 * An event stream by @fastify/sse, kept open after the handler returns, with the plugin's heartbeat. A client that falls
 * BACKLOG_BYTES behind has its connection closed.
 */
function openStream(reply, log) {
  reply.sse.keepAlive();
  reply.sse.sendHeaders();
  if (WORKAROUNDS) {
    // sendHeaders() only calls writeHead, whose head Node sends with the first body write: send it now, since a stream
    // is open only once its head has come
    reply.raw.flushHeaders();
  }
  const subscriber = (event) => {
    if (!reply.sse.isConnected || reply.raw.writableLength > BACKLOG_BYTES) {
      reply.raw.destroy();
      return false;
    }
    // not awaited: the plugin's send waits for the client to drain, and one slow client must hold up no other
    reply.sse.send(WORKAROUNDS ? lineFeedsOnly(event) : event);
    return true;
  };
  reply.sse.onClose(() => log.unsubscribe(subscriber));
  log.subscribe(reply.sse.lastEventId, subscriber);
}

/**
 * The event with each CRLF and CR of its data as LF, which the stream delivers the same: the plugin writes a data line
 * per LF only, so a CR inside one ends that line at the client and the rest of it is read as a field of its own.
 */
function lineFeedsOnly(event) {
  return { ...event, data: event.data.replace(/\r\n?/g, '\n') };
}

await app.listen({ port: Number(process.argv[2]), host: '127.0.0.1' });
console.log(`Fastify adapter listening on 127.0.0.1:${app.server.address().port}`);
