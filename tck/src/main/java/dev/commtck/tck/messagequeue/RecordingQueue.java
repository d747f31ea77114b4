package dev.commtck.tck.messagequeue;

import dev.commtck.tck.messagequeue.History.Ack;
import dev.commtck.tck.messagequeue.History.Delivered;
import dev.commtck.tck.messagequeue.History.Send;
import dev.commtck.tck.support.Exchange;
import java.time.Duration;
import java.util.List;

/** Sends, receives and acknowledges on the queue of a {@link History}, and writes each exchange into it. */
final class RecordingQueue {

    private final History history;
    private final QueueClient client;

    RecordingQueue(History history, QueueClient client) {
        this.history = history;
        this.client = client;
    }

    History history() {
        return history;
    }

    /** The node it works on ({@code node 2}), empty for the target of a run without nodes. */
    String node() {
        return client.node();
    }

    /** Sends a body; a send whose answer could not be read is recorded without a status, and its failure rethrown. */
    Send send(String who, String body) {
        long start = history.now();
        try {
            Exchange ex = client.send(history.queue(), body);
            String id = null;
            try {
                id = ex.status() == 201 ? QueueClient.idOf(ex) : null;
            } catch (AssertionError malformed) {
                // stored all the same; the id's shape is MQ-SEND-1's business
            }
            Send s = new Send(who, body, start, history.now(), ex.status(), id, null);
            history.sent(s);
            return s;
        } catch (AssertionError e) {
            history.sent(new Send(who, body, start, history.now(), 0, null, firstLine(e)));
            throw e;
        }
    }

    /** Receives and records each delivery; an answer that cannot be read fails (nothing is recorded). */
    List<Delivered> receive(String who, int max, Duration visibility, Duration wait) {
        long start = history.now();
        Received r = client.receive(history.queue(), max, visibility, wait);
        long end = history.now();
        return r.deliveries().stream().map(d -> history.delivered(who, d, start, end)).toList();
    }

    /** Acknowledges a delivery by its receipt; an acknowledgement whose answer could not be read has no status. */
    Ack ack(String who, Delivered d) {
        long start = history.now();
        Ack a;
        try {
            Exchange ex = client.ack(history.queue(), d.delivery().receipt());
            a = new Ack(who, d, start, history.now(), ex.status(), null);
        } catch (AssertionError e) {
            a = new Ack(who, d, start, history.now(), 0, firstLine(e));
        }
        history.acked(a);
        return a;
    }

    static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
