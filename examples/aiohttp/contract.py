"""Every pattern's state and the contracts' rules that are not HTTP (spec/*.md, "Contract"), on asyncio alone.

The aiohttp adapter (server.py) turns them into responses, event streams and WebSocket messages in aiohttp's way, as
examples/node-common and examples/jvm-common do for the Node.js and Java adapters.
"""
import asyncio
import collections
import json
import math
import os
import random
import re
import secrets
import time
import uuid

WORLD = "world"
GREETING = "Hello world"
# The longest SSE trigger, publish and push notification body (64 KiB).
MAX_EVENT_BYTES = 64 * 1024
# Whether the adapter works around its stack where the stack alone cannot meet a contract; COMMTCK_WORKAROUNDS=off leaves
# every workaround out, so that the matrix can show the stack's verdicts with and without them.
WORKAROUNDS = os.environ.get("COMMTCK_WORKAROUNDS") != "off"
_NAME = re.compile(r"[A-Za-z0-9_-]{1,80}")
_DIGITS = re.compile(r"[0-9]+")


class Invalid(Exception):
    """A request the contract refuses, with the status it is refused with."""

    def __init__(self, status, reason):
        super().__init__(reason)
        self.status = status


def hello_answer(body):
    """Request-response: pong for a body that is ping once trimmed, the empty string otherwise."""
    return "pong" if body.strip() == "ping" else ""


def coins():
    """Short polling: a fresh value from -10 to 100 on every poll, as the seed draws it."""
    return random.randint(-10, 100)


def require_name(name):
    if not _NAME.fullmatch(name):
        raise Invalid(400, "a name is 1 to 80 characters from A-Z a-z 0-9 - _")


class ByName:
    """Queues or topics: one of each name, made when first named; a name outside the naming rule is refused (400)."""

    def __init__(self, make):
        self._items = {}
        self._make = make

    def named(self, name):
        require_name(name)
        if name not in self._items:
            self._items[name] = self._make()
        return self._items[name]


def utf8(body, max_bytes):
    """The body as text, refused unless it is UTF-8 and at most max_bytes long; a byte order mark is kept as sent."""
    if len(body) > max_bytes:
        raise Invalid(413, f"the body is longer than {max_bytes} bytes")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise Invalid(400, "the body is not UTF-8") from None


# Long polling (spec/long-polling.md)

# The documented maximum hold, in seconds (the run declares it as long-polling.max-hold-ms).
MAX_HOLD = 10.0
MAX_DURATION_MS = 600_000
_KEPT = 300.0
_WAIT = re.compile(r"[0-9]{1,9}")


class Job:
    """One job, run by a timer of the event loop whoever is connected; its representation is read when answered."""

    def __init__(self, text, fails, duration_ms, on_finished):
        self.id = str(uuid.uuid4())
        self._input = text
        self._fails = fails
        self._ends_at = time.monotonic() + duration_ms / 1000
        self._finished_at = None
        self.finished = asyncio.get_running_loop().create_future()

        def finish():
            self._finished_at = time.monotonic()
            self.finished.set_result(None)
            on_finished(self)

        asyncio.get_running_loop().call_later(duration_ms / 1000, finish)

    def retry_after_seconds(self):
        """When the result may be expected, in whole seconds from now (for Retry-After)."""
        return max(0, math.ceil(self._ends_at - time.monotonic()))

    def representation(self):
        if self._finished_at is None:
            return {"id": self.id, "state": "pending"}
        outcome = ({"state": "failed", "error": "the job was asked to fail"} if self._fails
                   else {"state": "done", "result": hello_answer(self._input)})
        expires_in = self._finished_at + _KEPT - time.monotonic()
        return {"id": self.id, **outcome, "expiresInMs": max(0, int(expires_in * 1000))}


class Jobs:
    """Long polling's jobs, kept five minutes after they end."""

    def __init__(self):
        self._jobs = {}

    def submit(self, body):
        """Starts the job a submission (the parsed JSON body) asks for, or refuses it: 400 unless an object, 422 for a
        member."""
        if not isinstance(body, dict):
            raise Invalid(400, "the body is a JSON object")
        text, fails, duration = body.get("input"), body.get("fail", False), body.get("durationMs")
        if not isinstance(text, str):
            raise Invalid(422, "input is required and is a string")
        if not isinstance(fails, bool):
            raise Invalid(422, "fail is a boolean")
        job = Job(text, fails, _duration_ms(duration), self._forget_later)
        self._jobs[job.id] = job
        return job

    def find(self, job_id):
        return self._jobs.get(job_id)

    @staticmethod
    async def wait(job, bound):
        """The job's representation once it has ended, or when bound seconds have passed (then pending)."""
        await asyncio.wait({job.finished}, timeout=bound)
        return job.representation()

    @staticmethod
    def bound(wait):
        """The bound of a wait: ?wait=N in whole seconds, at most the maximum hold, which is also the default."""
        if wait is None:
            return MAX_HOLD
        if not _WAIT.fullmatch(wait):
            raise Invalid(400, "wait is a whole number of seconds")
        return min(int(wait), MAX_HOLD)

    def _forget_later(self, job):
        asyncio.get_running_loop().call_later(_KEPT, self._jobs.pop, job.id, None)


def _duration_ms(value):
    """durationMs: absent or null is 0; a number with a whole value (10000.0, 1e4) is that value."""
    if value is None:
        return 0
    # bool is an int in Python, and a JSON true is no number
    whole = (isinstance(value, int) and not isinstance(value, bool)) or (isinstance(value, float) and value.is_integer())
    if not whole or not 0 <= value <= MAX_DURATION_MS:
        raise Invalid(422, f"durationMs is a whole number from 0 to {MAX_DURATION_MS}")
    return int(value)


# Server-Sent Events and publish/subscribe (spec/sse.md, spec/pub-sub.md)

# How many events are kept for resumption (the run declares it as sse.history, pub-sub.history).
HISTORY = 256
# How often an idle stream gets a comment, in seconds (the run declares it as sse.heartbeat).
HEARTBEAT = 15.0
_HEARTBEAT_PARAMETER = re.compile(r"[0-9]{3,5}")

Event = collections.namedtuple("Event", "id name data comment", defaults=(None, None, None, None))


def message(event_id, data):
    return Event(id=str(event_id), data=data)


def stale(last_event_id):
    """The signal that a stream cannot resume after last_event_id (spec/sse.md, "Resumption")."""
    return Event(name="stale", data=last_event_id)


def comment(text):
    return Event(comment=text)


def heartbeat(parameter):
    """A stream's heartbeat interval in seconds: ?heartbeat= from 100 to 60,000 ms where given, else HEARTBEAT."""
    if parameter is not None and _HEARTBEAT_PARAMETER.fullmatch(parameter) and 100 <= int(parameter) <= 60_000:
        return int(parameter) / 1000
    return HEARTBEAT


class EventLog:
    """An event source with ids and a history: the SSE pattern's events, or one topic's messages. It numbers each
    event, keeps the most recent HISTORY, and offers each to every subscriber at once (the event loop runs one callback
    at a time), so that every subscriber sees the same order and a resumed stream neither misses nor repeats an event.

    A subscriber is a callable that takes an event without blocking and answers False when its stream cannot take it
    (too far behind): the log then drops it, and it ends its stream itself.
    """

    def __init__(self):
        self._recent = collections.deque(maxlen=HISTORY)
        self._subscribers = []
        self._last_id = 0

    def publish(self, data):
        """Sends data as the next event to every subscriber and returns its id."""
        self._last_id += 1
        event = message(self._last_id, data)
        self._recent.append(event)
        self._subscribers = [s for s in self._subscribers if s(event)]
        return self._last_id

    def subscribe(self, last_event_id, subscriber):
        """Adds a subscriber. With a Last-Event-ID it is first offered the events after it, or the stale signal when
        they are no longer all here (or never were); an empty or absent one means live events only."""
        if last_event_id:
            after = self._resumable_after(last_event_id)
            if after is None:
                subscriber(stale(last_event_id))
            else:
                for event in self._recent:
                    if int(event.id) > after:
                        subscriber(event)
        self._subscribers.append(subscriber)

    def unsubscribe(self, subscriber):
        if subscriber in self._subscribers:
            self._subscribers.remove(subscriber)

    def _resumable_after(self, last_event_id):
        """The id to resume after, or None when the events after it are not all in the history."""
        if not _DIGITS.fullmatch(last_event_id) or int(last_event_id) > self._last_id:
            return None
        after = int(last_event_id)
        oldest_kept = int(self._recent[0].id) if self._recent else self._last_id + 1
        return after if after >= oldest_kept - 1 else None


# Message queue (spec/message-queue.md)

MAX_BODY_BYTES = 262_144
_NUMBER = re.compile(r"[0-9]{1,9}")
DELETED, STALE, UNKNOWN = "deleted", "stale", "unknown"
Receive = collections.namedtuple("Receive", "max visibility_ms wait_ms")


def receive_parameters(query):
    """What a receive asks for, from its query parameters (a mapping of strings), each with its default; a parameter
    outside the accepted values is refused (400)."""

    def parameter(name, absent, low, high):
        value = query.get(name)
        if value is None:
            return absent
        if not _NUMBER.fullmatch(value) or not low <= int(value) <= high:
            raise Invalid(400, f"{name} is a whole number from {low} to {high}")
        return int(value)

    return Receive(parameter("max", 1, 1, 10), parameter("visibilityMs", 30_000, 100, 43_200_000),
                   parameter("waitMs", 0, 0, 20_000))


class _Message:
    def __init__(self, message_id, body):
        self.id = message_id
        self.body = body
        self.deliveries = 0
        self.receipt = None
        self.receipts = []
        self.lease_ends_at = 0.0


class MessageQueue:
    """One queue of the message queue, in memory: a receive leases messages for a visibility period, an acknowledgement of the current lease deletes, a
    lease that ends makes its message deliverable again. A waiting receive waits on a future that a send or a lease's
    end fulfils, or for its wait's end."""

    def __init__(self):
        self._deliverable = collections.deque()
        # every receipt a message still in the queue was delivered with, so that an old one is known as stale
        self._receipts = {}
        self._waiters = []
        self._last_id = 0

    def send(self, body):
        """Stores the message and returns its id."""
        self._last_id += 1
        message_id = str(self._last_id)
        self._deliverable.append(_Message(message_id, body))
        self._serve_waiters()
        return message_id

    async def receive(self, receive):
        """The deliveries leased to this receive: at once when there are any or it does not wait, else when a message
        becomes deliverable or the wait ends."""
        if self._deliverable or receive.wait_ms == 0:
            return self._lease(receive)
        answer = asyncio.get_running_loop().create_future()
        waiter = (receive, answer)
        self._waiters.append(waiter)
        try:
            await asyncio.wait({answer}, timeout=receive.wait_ms / 1000)
            return answer.result() if answer.done() else []
        finally:
            if waiter in self._waiters:
                self._waiters.remove(waiter)

    def acknowledge(self, receipt):
        """Deletes the message whose current lease the receipt names, if that lease still runs."""
        message = self._receipts.get(receipt)
        if message is None:
            return UNKNOWN
        if receipt != message.receipt or time.monotonic() >= message.lease_ends_at:
            return STALE
        for old in message.receipts:
            del self._receipts[old]
        message.receipt = None
        return DELETED

    def _lease(self, receive):
        leased = []
        while self._deliverable and len(leased) < receive.max:
            message = self._deliverable.popleft()
            message.deliveries += 1
            message.receipt = f"{message.id}.{message.deliveries}.{secrets.token_hex(8)}"
            message.receipts.append(message.receipt)
            message.lease_ends_at = time.monotonic() + receive.visibility_ms / 1000
            self._receipts[message.receipt] = message
            asyncio.get_running_loop().call_later(receive.visibility_ms / 1000, self._lease_ended, message,
                                                  message.receipt)
            leased.append({"id": message.id, "body": message.body, "receipt": message.receipt,
                           "deliveryCount": message.deliveries})
        return leased

    def _lease_ended(self, message, receipt):
        if receipt != message.receipt:
            return  # acknowledged
        message.receipt = None
        self._deliverable.appendleft(message)
        self._serve_waiters()

    def _serve_waiters(self):
        while self._deliverable and self._waiters:
            receive, answer = self._waiters.pop(0)
            answer.set_result(self._lease(receive))


# Push (spec/push.md)

# One tick per period, in seconds (the run declares it as push.period).
PERIOD = 1.0
# A Ping frame once per keep-alive, in seconds (the run declares it as push.keepalive).
KEEPALIVE = 5.0
NOT_UNDERSTOOD = {"type": "error", "reason": 'only the text message {"type":"ping"} is understood'}


class PushHub:
    """Push's connected clients: a tick to every client once per PERIOD, and each notification to every client, in the
    order they were accepted. A client is a callable that queues a message (a dict) without blocking and answers False
    when the client has fallen too far behind (it then closes its connection itself)."""

    def __init__(self):
        self._clients = []
        self._seq = 0

    async def tick_forever(self):
        while True:
            await asyncio.sleep(PERIOD)
            self._seq += 1
            self._send({"type": "tick", "seq": self._seq, "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())})

    def connect(self, client):
        self._clients.append(client)

    def disconnect(self, client):
        if client in self._clients:
            self._clients.remove(client)

    def broadcast(self, data):
        self._send({"type": "notification", "data": data})

    def _send(self, message):
        self._clients = [c for c in self._clients if c(message)]


def answer(text):
    """The answer to a client's text message: a pong (with the ping's id) for a ping, an error for anything else."""
    try:
        message = json.loads(text)
    except ValueError:
        return NOT_UNDERSTOOD
    if not isinstance(message, dict) or message.get("type") != "ping":
        return NOT_UNDERSTOOD
    return {"type": "pong", "id": message["id"]} if "id" in message else {"type": "pong"}
