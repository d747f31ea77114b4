import { KEEPALIVE_MS, NOT_UNDERSTOOD, answer } from './push-hub.js';

/** How many bytes a slow push client may have waiting before it is closed rather than skipped. */
const BACKLOG_BYTES = 4 << 20;

/**
 * Push on a socket of ws, the WebSocket library under both Node stacks (Express uses it directly, Fastify through
 * @fastify/websocket): joins the socket to the hub and answers its messages. A client BACKLOG_BYTES behind is closed
 * with 1013 (Try Again Later) rather than skipped.
 */
export function joinHub(socket, hub) {
  const client = (message) => {
    if (socket.bufferedAmount > BACKLOG_BYTES) {
      socket.close(1013);
      return false;
    }
    socket.send(message);
    return true;
  };
  socket.on('message', (data, isBinary) => client(isBinary ? NOT_UNDERSTOOD : answer(data.toString())));
  // ws reports a client's protocol error here after failing the connection; unheard, it would end the process
  socket.on('error', (error) => console.log(`push client failed: ${error.message}`));
  socket.on('close', () => hub.disconnect(client));
  hub.connect(client);
}

/** ws sends no Pings of its own (its README's recipe): one to every client of the server per keep-alive. */
export function pingEveryKeepalive(server) {
  setInterval(() => server.clients.forEach((socket) => socket.ping()), KEEPALIVE_MS);
}
