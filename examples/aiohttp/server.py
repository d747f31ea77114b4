"""Every pattern's contract on aiohttp's web server: its routes, request readers and json_response, event streams
written on a StreamResponse (aiohttp has no Server-Sent Events support of its own), and its WebSocketResponse.

Usage: python3 server.py PORT (listens on 127.0.0.1)
"""
import asyncio
import json
import re
import sys

from aiohttp import WSMsgType, web

import contract
from contract import Invalid

# How many bytes (or characters) a slow event-stream or push client may have waiting before it is cut off rather than
# skipped.
BACKLOG_BYTES = 4 << 20
ACK_STATUS = {contract.DELETED: 204, contract.STALE: 409, contract.UNKNOWN: 404}
LINE_BREAK = re.compile(r"\r\n|\r|\n")

routes = web.RouteTableDef()
jobs = contract.Jobs()
events = contract.EventLog()
topics = contract.ByName(contract.EventLog)
queues = contract.ByName(contract.MessageQueue)
hub = contract.PushHub()


@web.middleware
async def refusals(request, handler):
    """A request the contract refuses is answered with the status it names."""
    try:
        return await handler(request)
    except Invalid as refused:
        return web.Response(status=refused.status, text=str(refused))


@routes.get("/hello")
async def hello(request):
    return web.Response(text=contract.WORLD)


@routes.post("/hello")
async def ping(request):
    return web.Response(text=contract.hello_answer(await request.text()))


@routes.get("/bitcoin")
async def bitcoin(request):
    return web.json_response({"coins": contract.coins()}, headers={"Cache-Control": "no-cache"})


@routes.get("/")
async def greeting(request):
    return web.Response(text=contract.GREETING)


@routes.post("/jobs")
async def submit(request):
    try:
        submission = await request.json()
    except ValueError:
        raise Invalid(400, "the body is a JSON object") from None
    job = jobs.submit(submission)
    return web.json_response(job.representation(), status=202, headers={
        "Location": f"{request.path}/{job.id}",
        "Retry-After": str(job.retry_after_seconds()),
        "Cache-Control": "no-store",
    })


@routes.get("/jobs/{id}")
async def wait(request):
    job = jobs.find(request.match_info["id"])
    if job is None:
        raise web.HTTPNotFound()
    view = await jobs.wait(job, contract.Jobs.bound(request.query.get("wait")))
    return web.json_response(view, headers={"Cache-Control": "no-store"})


@routes.get("/events")
async def event_stream(request):
    return await open_stream(request, events)


@routes.post("/events")
async def trigger(request):
    return web.Response(text=str(events.publish(await event_text(request))))


@routes.get("/topics/{topic}/events")
async def subscribe(request):
    return await open_stream(request, topics.named(request.match_info["topic"]))


@routes.post("/topics/{topic}/messages")
async def publish(request):
    topic = topics.named(request.match_info["topic"])
    return web.Response(text=str(topic.publish(await event_text(request))))


@routes.post("/push/notifications")
async def notify(request):
    hub.broadcast(await event_text(request))
    return web.Response(status=202)


@routes.post("/queues/{name}/messages")
async def send(request):
    queue = queues.named(request.match_info["name"])
    message_id = queue.send(contract.utf8(await request.read(), contract.MAX_BODY_BYTES))
    return web.json_response({"id": message_id}, status=201)


@routes.post("/queues/{name}/receive")
async def receive(request):
    queue = queues.named(request.match_info["name"])
    deliveries = await queue.receive(contract.receive_parameters(request.query))
    return web.json_response({"messages": deliveries})


@routes.delete("/queues/{name}/receipts/{receipt}")
async def acknowledge(request):
    outcome = queues.named(request.match_info["name"]).acknowledge(request.match_info["receipt"])
    return web.Response(status=ACK_STATUS[outcome])


async def event_text(request):
    return contract.utf8(await request.read(), contract.MAX_EVENT_BYTES)


class Outbox:
    """What one client has yet to be sent, in order, for the one coroutine that writes to it to take. The hub or log
    offers without waiting; an offer that would leave more than BACKLOG_BYTES waiting is refused, and the client is
    then cut off rather than skipped."""

    def __init__(self):
        self._items = asyncio.Queue()
        self._bytes = 0

    def offer(self, item):
        if self._bytes + len(item) > BACKLOG_BYTES:
            return False
        self._bytes += len(item)
        self._items.put_nowait(item)
        return True

    async def take(self):
        item = await self._items.get()
        self._bytes -= len(item)
        return item


async def open_stream(request, log):
    """An event stream: its head sent by prepare(), then each event of the log as this handler writes it, and a
    comment per heartbeat; a client too far behind has its connection aborted. aiohttp learns that a client left only
    when a write fails."""
    stream = web.StreamResponse(headers={"Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache"})
    await stream.prepare(request)
    outbox = Outbox()

    def subscriber(event):
        if outbox.offer(frame(event)):
            return True
        request.transport.abort()
        return False

    every = contract.heartbeat(request.query.get("heartbeat"))
    log.subscribe(request.headers.get("Last-Event-ID"), subscriber)
    try:
        while True:
            try:
                data = await asyncio.wait_for(outbox.take(), every)
            except asyncio.TimeoutError:
                data = frame(contract.comment("heartbeat"))
            await stream.write(data)
    except ConnectionError:
        return stream  # the client went away, or was cut off
    finally:
        log.unsubscribe(subscriber)


def frame(event):
    """One event in the event-stream format (WHATWG HTML §9.2.5): a comment, or its fields and a data line per line."""
    if event.comment is not None:
        return f": {event.comment}\n\n".encode()
    fields = [f"id: {event.id}"] if event.id is not None else []
    fields += [f"event: {event.name}"] if event.name is not None else []
    fields += [f"data: {line}" for line in LINE_BREAK.split(event.data)]
    return ("\n".join(fields) + "\n\n").encode()


@routes.get("/push")
async def push(request):
    """Push on aiohttp's WebSocketResponse, whose heartbeat sends a Ping per keep-alive. Messages for the client go
    through an outbox that one writer task empties, so that the hub never waits on a client; a client too far behind is
    closed with 1013 (Try Again Later) rather than skipped."""
    if contract.WORKAROUNDS and request.headers.get("Sec-WebSocket-Version") != "13":
        # aiohttp refuses another version with a bare 400 (and accepts 7 and 8): say which one this server speaks
        raise web.HTTPUpgradeRequired(headers={"Upgrade": "websocket", "Sec-WebSocket-Version": "13"})
    socket = web.WebSocketResponse(heartbeat=contract.KEEPALIVE)
    await socket.prepare(request)
    outbox = Outbox()

    def client(message):
        if outbox.offer(json.dumps(message)):
            return True
        asyncio.create_task(socket.close(code=1013))
        return False

    async def write_all():
        while True:
            await socket.send_str(await outbox.take())

    writer = asyncio.create_task(write_all())
    hub.connect(client)
    try:
        async for msg in socket:
            if msg.type == WSMsgType.TEXT:
                client(contract.answer(msg.data))
            elif msg.type == WSMsgType.BINARY:
                client(contract.NOT_UNDERSTOOD)
    finally:
        hub.disconnect(client)
        writer.cancel()
    return socket


async def start_ticks(app):
    app["ticks"] = asyncio.create_task(hub.tick_forever())


def main():
    app = web.Application(middlewares=[refusals])
    app.add_routes(routes)
    app.on_startup.append(start_ticks)
    web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]))


if __name__ == "__main__":
    main()
