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
 * them off; publishing stops at the first publish not answered in time or message not delivered in time. Then the
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
 */
record SlowSubscriber(List<Published> published, OptionalInt unanswered, long fast, List<EventStream> readers,
                      EventStream slow, long resumedMs) {

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
                delivered = previous == null || reached(readers, previous, wake);
                previous = p;
            }
            if (delivered && previous != null) {
                reached(readers, previous, wake);
            }
            valve.resume();
            long resumedMs = evidence.now();
            Published last = client.publish(topic, message(count + 1));
            published.add(last);
            // the readers are held to the last message too: wait for it before the streams close, even when the
            // slow subscriber's stream has already ended and there is nothing to wait for on it
            reached(readers, last, wake);
            slow.awaitUntil(st -> !st.isOpen() || numbers(st).contains(count + 1), resumedMs + settings.delivery().toMillis());
            return new SlowSubscriber(published, unanswered, fast, readers, slow, resumedMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        }
    }

    /** Waits until every reader has the message, at most {@code wake} after its publish; whether they all have it. */
    private static boolean reached(List<EventStream> readers, Published p, long wake) {
        return readers.stream().allMatch(reader -> reader.awaitEvent(p::deliveredAs, p.sentMs() + wake).isPresent());
    }

    /** Message {@code i}: one line of exactly {@link #MESSAGE_BYTES} bytes, beginning with what it is. */
    static String message(int i) {
        String head = prefix() + i + " ";
        return head + "x".repeat(MESSAGE_BYTES - head.length());
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
