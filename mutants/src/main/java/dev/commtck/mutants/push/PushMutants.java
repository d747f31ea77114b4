package dev.commtck.mutants.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.commtck.mutants.Mutant;
import dev.commtck.reference.JsonMappers;
import dev.commtck.reference.push.CloseCodes;
import dev.commtck.reference.push.Frame;
import dev.commtck.reference.push.FrameRule;
import dev.commtck.reference.push.Outbound;
import dev.commtck.reference.push.PushHub;
import dev.commtck.reference.push.PushListener;
import dev.commtck.reference.push.PushSettings;
import dev.commtck.reference.push.Session;
import dev.commtck.reference.push.Subscriber;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Push servers with one fault each (spec/push.md): the reference endpoint with one part replaced, from the handshake
 * down to the frames and up to the delivery of notifications.
 */
public final class PushMutants {

    /** A key of the mutant's own: the accept value it answers with belongs to this key, not the client's. */
    static final String OTHER_KEY = "AAAAAAAAAAAAAAAAAAAAAA==";
    private static final ObjectMapper JSON = JsonMappers.create();
    private static final Set<FrameRule> ALL_RULES = EnumSet.allOf(FrameRule.class);
    /** The faulty hubs lose or reorder one notification in this many. */
    static final int EVERY = 100;

    public static final List<Mutant> ALL = List.of(
            Mutant.push("push-accept-for-another-key", "PUSH-HANDSHAKE-1",
                    "answers the handshake with the Sec-WebSocket-Accept of a key of its own, not the client's",
                    () -> push -> push.handshake(h -> {
                        if (h.contains(HttpHeaderNames.SEC_WEBSOCKET_KEY)) {
                            h.set(HttpHeaderNames.SEC_WEBSOCKET_KEY, OTHER_KEY);
                        }
                    })),
            Mutant.push("push-any-version", "PUSH-VERSION-1", "upgrades a handshake for any WebSocket version",
                    () -> push -> push.handshake(h -> h.set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13"))),
            Mutant.push("push-after-client-speaks", "PUSH-UNPROMPTED-1",
                    "starts pushing to a client only once it has sent a frame",
                    () -> push -> push.hub(SpeakFirstHub::new)),
            Mutant.push("push-slow-ticks", "PUSH-TICK-1", "ticks every 2.5 s while it declares (the default) 1 s",
                    () -> push -> push.settings(PushSettings.DEFAULT.withPeriod(Duration.ofMillis(2500)))),
            Mutant.push("push-no-keepalive", "PUSH-KEEPALIVE-1",
                    "never pings a silent client (its keep-alive is an hour) while it declares the reference's 1 s",
                    () -> push -> push.settings(PushSettings.DEFAULT.withKeepAlive(Duration.ofHours(1))),
                    Map.of("commtck.push.keepalive", Long.toString(PushSettings.DEFAULT.keepAlive().toMillis()))),
            Mutant.push("push-newest-client-only", "PUSH-NOTIFY-1",
                    "delivers notifications only to the client that connected last",
                    () -> push -> push.hub(NewestOnlyHub::new)),
            Mutant.push("push-unescaped-notification", "PUSH-NOTIFY-1",
                    "pastes the notification's body into its JSON between quotes, unescaped",
                    () -> push -> push.hub(settings -> new PushHub(settings) {
                        @Override
                        protected String notification(String data) {
                            return "{\"type\":\"notification\",\"data\":\"" + data + "\"}";
                        }
                    })),
            Mutant.push("push-notifications-up-to-16-kib", "PUSH-NOTIFY-2",
                    "refuses notifications over 16 KiB with 413, where the contract accepts up to 64 KiB",
                    () -> push -> push.settings(PushSettings.DEFAULT.withMaxNotification(16 * 1024))),
            Mutant.push("push-drops-under-load", "PUSH-ORDER-1", "loses one notification in " + EVERY,
                    () -> push -> push.hub(LossyHub::new)),
            Mutant.push("push-reorders-under-load", "PUSH-ORDER-1",
                    "lets one notification in " + EVERY + " overtake the one before it",
                    () -> push -> push.hub(ReorderingHub::new)),
            Mutant.push("push-broadcast-waits-for-slow-client", "PUSH-SLOW-1",
                    "answers a notification at once, but one broadcast thread hands it to each client in turn and waits"
                            + " while a client has " + DropForSlowHub.BACKLOG + " messages unsent: a client that stops"
                            + " reading stalls everyone",
                    () -> push -> push.hub(BroadcastWaitsHub::new)),
            Mutant.push("push-drops-for-slow-readers", "PUSH-SLOW-2",
                    "drops notifications for a client that falls behind, and carries on sending it the later ones",
                    () -> push -> push.hub(DropForSlowHub::new)),
            Mutant.push("push-echoes-ping", "PUSH-MESSAGE-1", "echoes a client's message instead of answering pong",
                    () -> push -> push.listener(new PushListener() {
                        @Override
                        protected String answer(String text) {
                            return text;
                        }
                    })),
            Mutant.push("push-pong-to-newest", "PUSH-MESSAGE-1",
                    "answers every client's message on the connection opened last, not on the one it came on",
                    () -> {
                        AtomicReference<Session> newest = new AtomicReference<>();
                        return push -> push.listener(new PushListener() {
                            @Override
                            public void onOpen(Session session) {
                                newest.set(session);
                            }

                            @Override
                            protected void reply(Session session, String answer) {
                                super.reply(newest.get(), answer);
                            }
                        });
                    }),
            Mutant.push("push-pong-id-as-text", "PUSH-MESSAGE-1",
                    "reads the ping's id as text, so that the pong carries it as a string (7 comes back as \"7\")",
                    () -> push -> push.listener(new IdRewritingListener(
                            (pong, id) -> pong.put("id", id.asText())))),
            Mutant.push("push-pong-drops-falsy-ids", "PUSH-MESSAGE-1",
                    "leaves out of the pong an id that a truthiness test rejects (0, null, false, \"\")",
                    () -> push -> push.listener(new IdRewritingListener((pong, id) -> {
                        if (id.isNull() || id.isNumber() && id.doubleValue() == 0 || id.isBoolean() && !id.booleanValue()
                                || id.isTextual() && id.textValue().isEmpty()) {
                            pong.remove("id");
                        }
                    }))),
            Mutant.push("push-refuses-unknown-members", "PUSH-MESSAGE-1",
                    "answers error to a ping that carries a member other than type and id, which it must ignore",
                    () -> push -> push.listener(new PushListener() {
                        @Override
                        protected String answer(String text) {
                            JsonNode m = jsonOrNull(text);
                            if (m != null && m.isObject() && m.properties().stream()
                                    .anyMatch(member -> !Set.of("type", "id").contains(member.getKey()))) {
                                return "{\"type\":\"error\",\"reason\":\"unknown member\"}";
                            }
                            return super.answer(text);
                        }
                    })),
            Mutant.push("push-ignores-other-messages", "PUSH-ERROR-1",
                    "answers a ping, and nothing else: a client message it does not understand gets no error message",
                    () -> push -> push.listener(new PushListener() {
                        @Override
                        protected void reply(Session session, String answer) {
                            if (!json(answer).path("type").asText().equals("error")) {
                                super.reply(session, answer);
                            }
                        }
                    })),
            Mutant.push("push-empty-pong", "PUSH-PING-1", "answers every Ping frame with an empty Pong",
                    () -> push -> push.listener(new PushListener() {
                        @Override
                        public void onPing(Session session, byte[] payload) {
                            session.pong(new byte[0]);
                        }
                    })),
            Mutant.push("push-ignores-close", "PUSH-CLOSE-1", "ignores the client's Close frames (never echoes them)",
                    () -> push -> push.forwarded((frame, session) -> frame.opcode() != Frame.CLOSE)),
            Mutant.push("push-pushes-after-close", "PUSH-CLOSE-1",
                    "echoes the client's Close but keeps the connection open and keeps pushing ticks on it",
                    () -> push -> push.forwarded((frame, session) -> {
                        if (frame.opcode() == Frame.CLOSE) {
                            // past the close handshake: the Close stops nothing
                            session.writeRaw(new Outbound.Close(CloseCodes.NORMAL, "normal").frame());
                            return false;
                        }
                        return true;
                    })),
            Mutant.push("push-echoes-1005", "PUSH-CLOSECODE-1",
                    "echoes a Close with 1005 (\"no status\"), a code that must never be sent",
                    () -> push -> push.listener(new PushListener() {
                        @Override
                        public void onClose(Session session, int code, String reason) {
                            session.close(1005, "");
                        }
                    })),
            Mutant.push("push-range-checked-close-codes", "PUSH-CLOSECODE-1",
                    "checks only that a client's close code lies in 1000–4999 and echoes it: 1004, 1005, 1006 and 1015"
                            + " go back on the wire",
                    () -> push -> push.rules(without(FrameRule.CLOSE_PAYLOAD)).listener(new PushListener() {
                        @Override
                        public void onClose(Session session, int code, String reason) {
                            if (code >= 1000 && code <= 4999) {
                                session.close(code, reason);
                            } else {
                                session.close(CloseCodes.PROTOCOL_ERROR, "invalid close code");
                            }
                        }
                    })),
            Mutant.push("push-announces-deflate", "PUSH-HANDSHAKE-2",
                    "answers every handshake with Sec-WebSocket-Extensions: permessage-deflate, offered or not",
                    () -> push -> push.wire(() -> new WireRewriter() {
                        @Override
                        protected byte[] handshake(byte[] response) {
                            String head = new String(response, StandardCharsets.ISO_8859_1);
                            int end = head.indexOf("\r\n\r\n");
                            return (head.substring(0, end) + "\r\nSec-WebSocket-Extensions: permessage-deflate"
                                    + head.substring(end)).getBytes(StandardCharsets.ISO_8859_1);
                        }
                    })),
            Mutant.push("push-masks-frames", "PUSH-FRAME-1", "masks the frames it sends, as a client must",
                    () -> push -> push.wire(MaskingWriter::new)),
            Mutant.push("push-fragments-as-new-messages", "PUSH-FRAME-2",
                    "fragments every message it sends, giving every fragment the TEXT opcode instead of CONTINUATION",
                    () -> push -> push.wire(() -> new FragmentingWriter(Frame.TEXT, false))),
            Mutant.push("push-accepts-unmasked", "PUSH-MASK-1", "accepts unmasked client frames",
                    () -> push -> push.rules(without(FrameRule.MASK))),
            Mutant.push("push-masks-checked-on-data-only", "PUSH-MASK-1",
                    "checks the mask bit on data frames only: an unmasked Ping is answered, an unmasked Close echoed",
                    () -> push -> push.rulesFor(frame -> frame.control() ? without(FrameRule.MASK) : ALL_RULES)),
            Mutant.push("push-lenient-control", "PUSH-CONTROL-1",
                    "accepts control frames over 125 bytes and fragmented ones (Helidon 4.5 alone)",
                    () -> push -> push.rules(without(FrameRule.CONTROL))),
            Mutant.push("push-ignores-reserved", "PUSH-RESERVED-1", "ignores RSV bits and drops frames with reserved opcodes",
                    () -> push -> push.rules(without(FrameRule.RESERVED))),
            Mutant.push("push-lenient-fragments", "PUSH-FRAGMENT-1",
                    "accepts a new message inside a fragmented one (Helidon 4.5 alone)",
                    () -> push -> push.rules(without(FrameRule.FRAGMENT))),
            Mutant.push("push-fragments-checked-on-final-frames", "PUSH-FRAGMENT-1",
                    "looks for a new message inside a fragmented one on final frames only: a non-final text or binary"
                            + " frame there is taken as more of the message (aiohttp 3.14 does so)",
                    () -> push -> push.rulesFor(frame -> frame.fin() || frame.opcode() == Frame.CONTINUATION
                            ? ALL_RULES : without(FrameRule.FRAGMENT))),
            Mutant.push("push-no-utf8-check", "PUSH-UTF8-1",
                    "decodes text with replacement characters instead of failing on invalid UTF-8 (Helidon 4.5 alone)",
                    () -> push -> push.rules(without(FrameRule.UTF8))),
            Mutant.push("push-accepts-bad-close", "PUSH-CLOSEPAYLOAD-1",
                    "echoes any Close frame normally, whatever its code or reason (Helidon 4.5 alone)",
                    () -> push -> push.rules(without(FrameRule.CLOSE_PAYLOAD)).listener(new PushListener() {
                        @Override
                        public void onClose(Session session, int code, String reason) {
                            session.close(CloseCodes.NORMAL, "normal");
                        }
                    })),
            Mutant.push("push-echoes-any-close-code", "PUSH-CLOSEPAYLOAD-1",
                    "echoes the code of every Close frame it gets, unchecked (0, 1005, 5000…)",
                    () -> push -> push.rules(without(FrameRule.CLOSE_PAYLOAD)).listener(new PushListener() {
                        @Override
                        public void onClose(Session session, int code, String reason) {
                            session.close(code, reason);
                        }
                    })));

    private PushMutants() {
    }

    private static Set<FrameRule> without(FrameRule rule) {
        Set<FrameRule> rules = EnumSet.allOf(FrameRule.class);
        rules.remove(rule);
        return rules;
    }

    /** The reference's listener, with the id of its pongs changed by a fault. */
    static final class IdRewritingListener extends PushListener {
        private final BiConsumer<ObjectNode, JsonNode> fault;

        IdRewritingListener(BiConsumer<ObjectNode, JsonNode> fault) {
            this.fault = fault;
        }

        @Override
        protected String answer(String text) {
            ObjectNode answer = (ObjectNode) json(super.answer(text));
            JsonNode id = answer.get("id");
            if (id != null) {
                fault.accept(answer, id);
            }
            return JsonMappers.string(answer);
        }
    }

    /** The reference's own answer, parsed. */
    private static JsonNode json(String answer) {
        JsonNode json = jsonOrNull(answer);
        if (json == null) {
            throw new IllegalStateException("the reference answered something other than JSON: " + answer);
        }
        return json;
    }

    private static JsonNode jsonOrNull(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static boolean isNotification(Outbound.Text m) {
        return m.text().startsWith("{\"type\":\"notification\"");
    }

    /** The fault: a client is pushed to only after it spoke. */
    static final class SpeakFirstHub extends PushHub {
        private final Set<Subscriber> spoke = ConcurrentHashMap.newKeySet();

        SpeakFirstHub(PushSettings settings) {
            super(settings);
        }

        @Override
        protected void heard(Subscriber s) {
            spoke.add(s);
            super.heard(s);
        }

        @Override
        protected void deliver(Subscriber s, Outbound.Text message) {
            if (spoke.contains(s)) {
                super.deliver(s, message);
            }
        }
    }

    /** The fault: notifications go to the newest client only. */
    static final class NewestOnlyHub extends PushHub {
        private volatile Subscriber newest;

        NewestOnlyHub(PushSettings settings) {
            super(settings);
        }

        @Override
        public Subscriber subscribe(Channel channel) {
            Subscriber s = super.subscribe(channel);
            newest = s;
            return s;
        }

        @Override
        protected void deliver(Subscriber s, Outbound.Text message) {
            if (!isNotification(message) || s == newest) {
                super.deliver(s, message);
            }
        }
    }

    /** A hub that singles out every {@link #EVERY}th notification (deliveries are serialised by the hub's lock). */
    abstract static class EveryNthHub extends PushHub {
        private Outbound.Text last;
        private long count;

        EveryNthHub(PushSettings settings) {
            super(settings);
        }

        @Override
        protected final void deliver(Subscriber s, Outbound.Text message) {
            if (!isNotification(message)) {
                super.deliver(s, message);
                return;
            }
            if (message != last) {
                last = message;
                count++;
            }
            deliver(s, message, count % EVERY == 0);
        }

        /** Delivers a notification; {@code singledOut} for every {@link #EVERY}th. */
        abstract void deliver(Subscriber s, Outbound.Text notification, boolean singledOut);

        void pass(Subscriber s, Outbound.Text message) {
            super.deliver(s, message);
        }
    }

    /** The fault: every {@link #EVERY}th notification is lost. */
    static final class LossyHub extends EveryNthHub {
        LossyHub(PushSettings settings) {
            super(settings);
        }

        @Override
        void deliver(Subscriber s, Outbound.Text notification, boolean singledOut) {
            if (!singledOut) {
                pass(s, notification);
            }
        }
    }

    /** The fault: every {@link #EVERY}th notification is held back and sent after the next one. */
    static final class ReorderingHub extends EveryNthHub {
        private final java.util.Map<Subscriber, Outbound.Text> held = new ConcurrentHashMap<>();

        ReorderingHub(PushSettings settings) {
            super(settings);
        }

        @Override
        void deliver(Subscriber s, Outbound.Text notification, boolean singledOut) {
            if (singledOut) {
                held.put(s, notification);
                return;
            }
            pass(s, notification);
            Outbound.Text overtaken = held.remove(s);
            if (overtaken != null) {
                pass(s, overtaken);
            }
        }
    }

    /**
     * The fault: a client with a backlog has messages dropped, and later ones are sent as if nothing happened; it
     * drops before the reference's queue limit, so the reference's close for slow clients never comes.
     */
    static final class DropForSlowHub extends PushHub {
        static final int BACKLOG = 8;

        DropForSlowHub(PushSettings settings) {
            super(settings);
        }

        @Override
        protected void deliver(Subscriber s, Outbound.Text message) {
            if (s.waiting() < BACKLOG) {
                super.deliver(s, message);
            }
        }
    }

    /**
     * The fault: the broadcast waits for each client in turn to have fewer than {@link DropForSlowHub#BACKLOG} messages
     * unsent, so a client that stops reading stalls every delivery after it fills up; the POST does not wait for it.
     */
    static final class BroadcastWaitsHub extends PushHub {
        private static final long POLL_NANOS = 1_000_000;
        private final ExecutorService broadcaster = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "push-broadcast");
            t.setDaemon(true);
            return t;
        });

        BroadcastWaitsHub(PushSettings settings) {
            super(settings);
        }

        @Override
        public void publish(String data) {
            broadcaster.execute(() -> super.publish(data));
        }

        @Override
        protected void deliver(Subscriber s, Outbound.Text message) {
            super.deliver(s, message);
            while (s.waiting() >= DropForSlowHub.BACKLOG && !s.closing() && !Thread.currentThread().isInterrupted()) {
                LockSupport.parkNanos(POLL_NANOS); // the fault is the waiting, not how it waits
            }
        }

        @Override
        public void close() {
            broadcaster.shutdownNow();
            super.close();
        }
    }

    /** The fault: after the 101, every frame goes out masked (with a zero key, so the payload reads the same). */
    static final class MaskingWriter extends WireRewriter {
        @Override
        protected byte[] frame(WrittenFrame frame) {
            byte[] header = frame.header().clone();
            header[1] |= (byte) 0x80;
            byte[] masked = Arrays.copyOf(header, header.length + 4 + frame.payload().length);
            System.arraycopy(frame.payload(), 0, masked, header.length + 4, frame.payload().length);
            return masked;
        }
    }
}
