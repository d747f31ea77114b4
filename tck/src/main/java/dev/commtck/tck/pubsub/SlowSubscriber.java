package dev.commtck.tck.pubsub;

import dev.commtck.tck.support.Evidence;
import dev.commtck.tck.support.Exchange;
import dev.commtck.tck.support.Request;
import dev.commtck.tck.support.Target;
import dev.commtck.tck.support.sse.EventStream;
import dev.commtck.tck.support.sse.SseClient;
import dev.commtck.tck.support.sse.SseEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The slow-subscriber check (spec/pub-sub.md, "How the kit checks publish/subscribe"): two readers and one subscriber
 * that stops reading right after its header section (through a {@link Valve}) subscribe to a fresh topic; then
 * {@code slow-bytes} of 64 KiB messages are published to it, one at a time: each publish is awaited at most
 * {@code fast}, and the one after it waits until both readers have the message, or {@code wake} has passed. The
 * readers set the pace (they are never more than two messages behind), so that a server never has a reason to cut
 * them off; publishing stops at the first publish not answered in time or message not delivered in time (which is
 * waited for until {@code delivery} after its publish, to show how late it is). Then the
 * slow subscriber reads again and one more message is published: the readers get {@code wake} to have it, and the slow
 * subscriber gets {@code delivery} to have them all or to show that its stream has ended.
 * Messages are numbered in the order they were published; what happened is kept for the checks.
 *
 * @param published  the publishes answered with a sequence number, in order
 * @param unanswered the number of the publish that was not answered within {@code fast}, after which publishing
 *                   stopped (it may or may not have been published), if any
 * @param fast       the tolerance 'fast' the publishes were awaited with
 * @param readers    the subscribers that kept reading
 * @param slow       the subscriber that stopped reading, and read again at {@code resumedMs}
 * @param resumedMs  when the slow subscriber read again
 * @param clock      the evidence the scenario's times count from
 */
record SlowSubscriber(List<Published> published, OptionalInt unanswered, long fast, List<EventStream> readers,
                      EventStream slow, long resumedMs, Evidence clock) {

    /** The size of each message: the largest the contract allows, so that few publishes fill the network's buffers. */
    static final int MESSAGE_BYTES = 64 * 1024;
    static final int READERS = 2;
    private static final String WHAT = "slow subscriber";

    /** Runs the check's scenario; the streams are closed (their transcripts in {@code evidence}) when it returns. */
    static SlowSubscriber run(Target target, PubSubSettings settings, Evidence evidence) {
        String topic = TopicClient.freshTopic("slow");
        int count = (settings.slowBytes() + MESSAGE_BYTES - 1) / MESSAGE_BYTES;
        long readLimit = (count + 2L) * (MESSAGE_BYTES + 1024);
        long fast = target.tolerances().fast().toMillis();
        try (TopicClient client = TopicClient.recordingIn(target, evidence);
             Valve valve = Valve.to(target.endpoint(), target.tolerances());
             SseClient relayed = new SseClient(valve.relaying(target.endpoint()), target.tolerances(), evidence)) {
            List<EventStream> readers = new ArrayList<>();
            for (int i = 0; i < READERS; i++) {
                readers.add(client.subscribe(topic, readLimit));
            }
            EventStream slow = client.withStreamsFrom(relayed).subscribe(topic, readLimit);
            valve.pause();
            List<Published> published = new ArrayList<>();
            OptionalInt unanswered = OptionalInt.empty();
            long wake = target.tolerances().wake().toMillis();
            long late = settings.delivery().toMillis();
            boolean delivered = true;
            Published previous = null;
            for (int i = 1; i <= count && unanswered.isEmpty() && delivered; i++) {
                Request r = client.publishRequest(topic, message(i));
                CompletableFuture<Exchange> answer = client.publishAsync(r);
                try {
                    answer.get(fast, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    answer.cancel(true);
                    unanswered = OptionalInt.of(i);
                    continue;
                } catch (ExecutionException e) {
                    // the exchange failed: answer() below throws the verdict it calls for
                }
                Published p = TopicClient.published(client.answer(answer, r), topic);
                published.add(p);
                delivered = previous == null || reached(readers, previous, wake, late);
                previous = p;
            }
            if (delivered && previous != null) {
                reached(readers, previous, wake, late);
            }
            valve.resume();
            long resumedMs = evidence.now();
            Published last = client.publish(topic, message(count + 1));
            published.add(last);
            // the readers are held to the last message too: wait for it before the streams close, even when the
            // slow subscriber's stream has already ended and there is nothing to wait for on it
            reached(readers, last, wake, late);
            slow.awaitUntil(st -> !st.isOpen() || numbers(st).contains(count + 1), resumedMs + settings.delivery().toMillis());
            return new SlowSubscriber(published, unanswered, fast, readers, slow, resumedMs, evidence);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        }
    }

    /**
     * Waits until every reader has the message; whether they all had it within {@code wake} of its publish. A message
     * that is late is waited for until {@code lateMs} after its publish, before anything else happens (the slow
     * subscriber still does not read), so that the check shows how late it is: a server that waits on the subscriber
     * that does not read holds it until its wait ends, a busy moment of the machine only for that moment.
     */
    private static boolean reached(List<EventStream> readers, Published p, long wake, long lateMs) {
        boolean inTime = readers.stream()
                .allMatch(reader -> reader.awaitEvent(p::deliveredAs, p.sentMs() + wake).isPresent());
        if (!inTime) {
            readers.forEach(reader -> reader.awaitEvent(p::deliveredAs, p.sentMs() + lateMs));
        }
        return inTime;
    }

    /** Message {@code i}: one line of exactly {@link #MESSAGE_BYTES} bytes, beginning with what it is. */
    static String message(int i) {
        String head = prefix() + i + " ";
        return head + "x".repeat(MESSAGE_BYTES - head.length());
    }

    /**
     * The first way this run broke PS-SLOW-1, in words: a publish not answered within {@code fast}, or a message that
     * did not reach a reader within {@code wakeMs} of its publish; empty when there was none.
     */
    Optional<String> lateness(long wakeMs) {
        if (unanswered.isPresent()) {
            return Optional.of("publish " + unanswered.getAsInt() + " was not answered within " + fast + " ms (tolerance"
                    + " 'fast'), after " + (unanswered.getAsInt() - 1) * (MESSAGE_BYTES / 1024) + " KiB had been published");
        }
        for (Published p : published) {
            if (!clock.withinAllowingForTheKit(p.sentMs(), p.answeredMs(), fast)) {
                return Optional.of("the publish of sequence number " + p.sequence() + " took " + (p.answeredMs() - p.sentMs())
                        + " ms, more than the " + fast + " ms of tolerance 'fast'");
            }
        }
        for (int r = 0; r < readers.size(); r++) {
            String reader = "reader " + (r + 1);
            for (Published p : published) {
                Optional<SseEvent> e = readers.get(r).events().stream().filter(p::deliveredAs).findFirst();
                if (e.isEmpty() || !clock.withinAllowingForTheKit(p.sentMs(), e.get().arrivalMs(), wakeMs)) {
                    return Optional.of("the message with sequence number " + p.sequence() + " (published at +" + p.sentMs()
                            + " ms) " + e.map(ev -> "reached " + reader + " " + (ev.arrivalMs() - p.sentMs()) + " ms after its"
                            + " publish, more than the " + wakeMs + " ms of tolerance 'wake'").orElse("never reached " + reader));
                }
            }
        }
        return Optional.empty();
    }

    /** How long the publishes took to be answered, and the messages to reach the readers: median and most, in words. */
    String latencies() {
        List<Long> answers = published.stream().map(p -> p.answeredMs() - p.sentMs()).sorted().toList();
        List<Long> deliveries = readers.stream().flatMap(r -> published.stream().flatMap(p -> r.events().stream()
                .filter(p::deliveredAs).findFirst().map(e -> e.arrivalMs() - p.sentMs()).stream())).sorted().toList();
        return "publishes answered in a median of " + median(answers) + " ms (at most " + most(answers) + " ms); messages"
                + " at the readers a median of " + median(deliveries) + " ms after their publish (at most "
                + most(deliveries) + " ms)";
    }

    private static long median(List<Long> sorted) {
        return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
    }

    private static long most(List<Long> sorted) {
        return sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1);
    }

    /** The numbers of the messages published, in the order they were published (an unanswered one included). */
    List<Integer> order() {
        List<Integer> order = new ArrayList<>(published.stream().map(p -> number(p.message())).toList());
        unanswered.ifPresent(n -> order.add(order.size() - 1, n)); // before the one published once the slow subscriber read
        return order;
    }

    /** The numbers of the check's messages among the stream's events, in the order they arrived. */
    static List<Integer> numbers(EventStream s) {
        return s.events().stream().filter(e -> e.type().equals(SseEvent.DEFAULT_TYPE) && e.data().startsWith(prefix()))
                .map(e -> number(e.data())).toList();
    }

    /** The number of one of the check's messages. */
    static int number(String message) {
        int from = prefix().length();
        return Integer.parseInt(message.substring(from, message.indexOf(' ', from)));
    }

    private static String prefix() {
        return "commtck " + TopicClient.RUN + " " + WHAT + " ";
    }
}
