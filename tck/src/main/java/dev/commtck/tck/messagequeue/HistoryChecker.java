package dev.commtck.tck.messagequeue;

import dev.commtck.tck.messagequeue.History.Ack;
import dev.commtck.tck.messagequeue.History.Delivered;
import dev.commtck.tck.messagequeue.History.Message;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Jepsen-style checks over a workload's {@link History}: each method finds the messages that break one requirement,
 * and says why. A finding is only what the recorded times make certain: the server granted a lease somewhere between
 * the receive being sent and its answer being read, so a lease certainly runs from that answer until
 * {@code visibility} after that receive was sent (less {@link #CLOCK_SLACK}), and has certainly ended
 * {@code visibility + redelivery} after the answer. A restart of the server may end the leases running when it
 * began, so none of them is certainly running after that.
 */
final class HistoryChecker {

    /** Servers count leases on millisecond clocks: a lease may end this much before its nominal end. */
    static final long CLOCK_SLACK = 5_000_000;

    /** A message that breaks a requirement, and why, in one sentence. */
    record Finding(Message message, String why) {
    }

    private final Collection<Message> messages;
    private final long visibility;
    private final long redelivery;
    private final int maxDeliveries;
    private final long restartStart;

    /**
     * @param visibility    the lease the workload asked for, in nanoseconds
     * @param redelivery    how long after a lease's end it may still take effect, in nanoseconds
     * @param maxDeliveries a message delivered this often may have been dead-lettered, so it is not counted as lost
     */
    HistoryChecker(History history, long visibility, long redelivery, int maxDeliveries) {
        this.messages = history.messages().values();
        this.visibility = visibility;
        this.redelivery = redelivery;
        this.maxDeliveries = maxDeliveries;
        this.restartStart = history.restartStart();
    }

    /** MQ-LOST-1: answered 201, but never acknowledged while the consumers kept receiving. */
    List<Finding> lost() {
        List<Finding> out = new ArrayList<>();
        for (Message m : messages) {
            if (m.stored() && !m.acknowledged() && m.deliveries().size() < maxDeliveries) {
                out.add(new Finding(m, m.deliveries().isEmpty() ? "it was answered 201 and never delivered"
                        : "it was answered 201 and delivered " + m.deliveries().size() + " time(s), but no"
                        + " acknowledgement of it was ever accepted"));
            }
        }
        return out;
    }

    /**
     * MQ-UNEXPECTED-1: delivered, but nobody ever sent it to this queue; or delivered under an id that none of its sends
     * was answered with (a copy of it), when every send of it was answered.
     */
    List<Finding> unexpected() {
        List<Finding> out = new ArrayList<>();
        for (Message m : messages) {
            if (m.sends().isEmpty()) {
                out.add(new Finding(m, "it was delivered " + m.deliveries().size() + " time(s) but never sent to the queue"));
                continue;
            }
            if (m.sends().stream().anyMatch(s -> s.status() == 0 || s.stored() && s.id() == null)) {
                continue; // a send whose answer (or id) is unknown may have stored it under any id
            }
            Set<String> ids = m.sends().stream().filter(History.Send::stored).map(History.Send::id).collect(Collectors.toSet());
            m.deliveries().stream().filter(d -> !ids.contains(d.delivery().id())).findFirst().ifPresent(d ->
                    out.add(new Finding(m, "it was delivered to " + d.who() + " at " + ms(d.end()) + " with the id "
                            + d.delivery().id() + ", which no send of it was answered with (" + ids + "): a message that"
                            + " was never sent")));
        }
        return out;
    }

    /** MQ-LEASE-1: two deliveries of one message whose leases certainly overlapped. */
    List<Finding> overlappingLeases() {
        List<Finding> out = new ArrayList<>();
        for (Message m : messages) {
            List<Delivered> ds = m.deliveries();
            pairs:
            for (int i = 0; i < ds.size(); i++) {
                for (int j = i + 1; j < ds.size(); j++) {
                    Delivered a = ds.get(i);
                    Delivered b = ds.get(j);
                    if (b.end() < certainlyLeasedUntil(m, a) && a.end() < certainlyLeasedUntil(m, b)) {
                        out.add(new Finding(m, "it was delivered to " + a.who() + " (receipt " + a.delivery().receipt()
                                + ", lease running from " + ms(a.end()) + " to at least " + ms(certainlyLeasedUntil(m, a))
                                + ") and to " + b.who() + " (receipt " + b.delivery().receipt() + ", answered at "
                                + ms(b.end()) + ") while both leases were running"));
                        break pairs;
                    }
                }
            }
        }
        return out;
    }

    /** MQ-ACK-1: delivered after an acknowledgement was accepted, or an acknowledgement of a running lease refused. */
    List<Finding> ackViolations() {
        return firstPerMessage(deliveredAfterAck(), refusedRunningAcks());
    }

    /** The findings of several rules, one per message: the first rule's that found it. */
    @SafeVarargs
    static List<Finding> firstPerMessage(List<Finding>... rules) {
        Set<Message> found = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Finding> out = new ArrayList<>();
        for (List<Finding> rule : rules) {
            rule.stream().filter(f -> found.add(f.message())).forEach(out::add);
        }
        return out;
    }

    /** Delivered again after an acknowledgement of it was accepted. */
    List<Finding> deliveredAfterAck() {
        List<Finding> out = new ArrayList<>();
        for (Message m : messages) {
            Optional<Ack> accepted = m.acks().stream().filter(Ack::accepted).min((x, y) -> Long.compare(x.end(), y.end()));
            accepted.flatMap(k -> m.deliveries().stream().filter(d -> d.start() > k.end()).findFirst()).ifPresent(after ->
                    out.add(new Finding(m, "it was delivered to " + after.who() + " (receive sent at " + ms(after.start())
                            + ") after " + accepted.get().who() + "'s acknowledgement of receipt "
                            + accepted.get().of().delivery().receipt() + " was accepted at " + ms(accepted.get().end()))));
        }
        return out;
    }

    /** An acknowledgement refused while its lease certainly ran and nobody else had the message. */
    List<Finding> refusedRunningAcks() {
        List<Finding> out = new ArrayList<>();
        for (Message m : messages) {
            m.acks().stream().filter(k -> k.refused() && leaseCertainlyRunning(m, k)).findFirst().ifPresent(k ->
                    out.add(new Finding(m, k.who() + "'s acknowledgement of receipt " + k.of().delivery().receipt()
                            + " was refused (" + k.status() + ") at " + ms(k.end()) + ", while its lease certainly ran until "
                            + ms(k.of().start() + visibility - CLOCK_SLACK) + " and no one else had the message")));
        }
        return out;
    }

    /** MQ-STALE-1: an acknowledgement accepted although its lease had certainly ended. */
    List<Finding> staleAcksAccepted() {
        List<Finding> out = new ArrayList<>();
        for (Message m : messages) {
            for (Ack k : m.acks()) {
                if (!k.accepted()) {
                    continue;
                }
                Delivered d = k.of();
                Optional<Delivered> since = m.deliveries().stream()
                        .filter(d2 -> d2.start() > d.end() && d2.end() < k.start()).findFirst();
                if (since.isPresent()) {
                    out.add(new Finding(m, k.who() + "'s acknowledgement of receipt " + d.delivery().receipt() + " (sent at "
                            + ms(k.start()) + ") was accepted although the message had been delivered again since, to "
                            + since.get().who() + " at " + ms(since.get().end())));
                    break;
                }
                if (k.start() > d.end() + visibility + redelivery) {
                    out.add(new Finding(m, k.who() + "'s acknowledgement of receipt " + d.delivery().receipt() + " (sent at "
                            + ms(k.start()) + ") was accepted although its lease had ended by " + ms(d.end() + visibility)
                            + " at the latest"));
                    break;
                }
            }
        }
        return out;
    }

    /**
     * Until when a delivery's lease certainly ran: its visibility from the receive, unless acknowledged sooner or ended
     * by a restart.
     */
    private long certainlyLeasedUntil(Message m, Delivered d) {
        long until = d.start() + visibility - CLOCK_SLACK;
        if (d.end() < restartStart) {
            until = Math.min(until, restartStart);
        }
        for (Ack k : m.acks()) {
            if (k.of() == d && k.accepted()) {
                until = Math.min(until, k.start());
            }
        }
        return until;
    }

    /** The acknowledgement was answered while its lease certainly ran, and nobody else could have had the message. */
    private boolean leaseCertainlyRunning(Message m, Ack k) {
        Delivered d = k.of();
        return k.end() < certainlyLeasedUntil(m, d)
                && m.deliveries().stream().noneMatch(d2 -> d2 != d && d2.start() > d.start() && d2.start() < k.end())
                && m.acks().stream().noneMatch(other -> other.of() != d && other.accepted() && other.start() < k.end());
    }

    static String ms(long nanos) {
        return String.format(Locale.ROOT, "+%.1f ms", nanos / 1e6);
    }
}
