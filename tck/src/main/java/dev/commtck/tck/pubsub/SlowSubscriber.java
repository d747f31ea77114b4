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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The slow-subscriber check (spec/pub-sub.md, "How the kit checks publish/subscribe"): two readers and one subscriber
 * that stops reading right after its header section (through a {@link Valve}) subscribe to a fresh topic; then
 * {@code slow-bytes} of 64 KiB messages are published to it, one at a time, each awaited at most {@code fast}; then the
 * slow subscriber reads again, for at most {@code delivery}. What happened is kept for the checks.
 *
 * @param published  the publishes answered with a sequence number, in order
 * @param unanswered the message whose publish was not answered within {@code fast} (publishing stopped there), if any
 * @param fast       the tolerance 'fast' the publishes were awaited with
 * @param readers    the two subscribers that kept reading
 * @param slow       the subscriber that stopped reading, and read again at {@code resumedMs}
 * @param resumedMs  when the slow subscriber read again
 */
record SlowSubscriber(List<Published> published, Optional<String> unanswered, long fast, List<EventStream> readers,
                      EventStream slow, long resumedMs) {

    /** The size of each message: the largest the contract allows, so that few publishes fill the network's buffers. */
    static final int MESSAGE_BYTES = 64 * 1024;
    static final int READERS = 2;
    private static final String WHAT = "slow subscriber";

    /** Runs the check's scenario; the streams are closed (their transcripts in {@code evidence}) when it returns. */
    static SlowSubscriber run(Target target, PubSubSettings settings, Evidence evidence) {
        String topic = TopicClient.freshTopic("slow");
        long readLimit = settings.slowBytes() + 2L * MESSAGE_BYTES;
        int count = (settings.slowBytes() + MESSAGE_BYTES - 1) / MESSAGE_BYTES;
        long fast = target.tolerances().fast().toMillis();
        try (TopicClient client = TopicClient.recordingIn(target, evidence);
             Valve valve = Valve.to(target.uri(), target.tolerances());
             SseClient relayed = new SseClient(valve.uri(), target.tolerances(), evidence)) {
            List<EventStream> readers = new ArrayList<>();
            for (int i = 0; i < READERS; i++) {
                readers.add(client.subscribe(topic, readLimit));
            }
            EventStream slow = client.withStreamsFrom(relayed).subscribe(topic, readLimit);
            valve.pause();
            List<Published> published = new ArrayList<>();
            Optional<String> unanswered = Optional.empty();
            for (int i = 1; i <= count && unanswered.isEmpty(); i++) {
                String message = message(i, count);
                Request r = client.publishRequest(topic, message);
                CompletableFuture<Exchange> answer = client.publishAsync(r);
                try {
                    answer.get(fast, TimeUnit.MILLISECONDS);
                    published.add(TopicClient.published(client.answer(answer, r), topic));
                } catch (TimeoutException e) {
                    answer.cancel(true);
                    unanswered = Optional.of(message);
                } catch (ExecutionException e) {
                    client.answer(answer, r); // throws the verdict the failure calls for
                }
            }
            long lastSent = published.isEmpty() ? evidence.now() : published.get(published.size() - 1).sentMs();
            long wake = target.tolerances().wake().toMillis();
            for (EventStream reader : readers) {
                reader.awaitUntil(st -> !st.isOpen() || numbers(st).size() >= published.size(), lastSent + wake);
            }
            valve.resume();
            long resumedMs = evidence.now();
            slow.awaitUntil(st -> !st.isOpen() || numbers(st).size() >= published.size(),
                    resumedMs + settings.delivery().toMillis());
            return new SlowSubscriber(published, unanswered, fast, readers, slow, resumedMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        }
    }

    /** Message {@code i}: one line of exactly {@link #MESSAGE_BYTES} bytes, beginning with what it is. */
    static String message(int i, int count) {
        String head = TopicClient.message(WHAT, i, count) + " ";
        return head + "x".repeat(MESSAGE_BYTES - head.length());
    }

    /** The numbers of the check's messages among the stream's events, in the order they arrived. */
    static List<Integer> numbers(EventStream s) {
        String prefix = "commtck " + TopicClient.RUN + " " + WHAT + " ";
        return s.events().stream().filter(e -> e.type().equals(SseEvent.DEFAULT_TYPE) && e.data().startsWith(prefix))
                .map(e -> Integer.parseInt(e.data().substring(prefix.length(), e.data().indexOf(' ', prefix.length()))))
                .toList();
    }
}
