package dev.commtck.tck.pubsub;

import dev.commtck.tck.support.sse.EventStream;
import dev.commtck.tck.support.sse.SseEvent;
import java.util.List;

/**
 * What the workload did and what each subscriber received (spec/pub-sub.md, "How the kit checks publish/subscribe"),
 * with times in ms since the workload started. Read once the workload has ended.
 *
 * @param topics        the workload's topics
 * @param publishes     every publish, in no particular order
 * @param subscribers   every subscriber, with what it received
 * @param publishingMs  how long the publishers took, from the first publish sent to the last answered
 * @param notes         how the workload went (why it stopped, which stream ended early)
 */
record WorkloadRun(List<String> topics, List<Publish> publishes, List<Subscriber> subscribers, long publishingMs,
                   List<String> notes) {

    /**
     * One publish.
     *
     * @param publisher  who published it
     * @param order      its place among its publisher's publishes (0 first); a publisher publishes one at a time
     * @param topic      where
     * @param message    what (one line, unique in the run)
     * @param sentMs     when it was sent
     * @param answeredMs when its answer was complete
     * @param sequence   the sequence number it was answered with, or -1 when it was not answered as the contract says
     * @param failure    what went wrong when it was not (null otherwise)
     */
    record Publish(String publisher, int order, String topic, String message, long sentMs, long answeredMs, long sequence,
                   String failure) {
        boolean published() {
            return sequence >= 0;
        }

        @Override
        public String toString() {
            return "\"" + message + "\" (" + (published() ? "sequence number " + sequence : "not answered: " + failure)
                    + ", " + publisher + " #" + (order + 1) + ", sent at +" + sentMs + " ms, answered at +" + answeredMs + " ms)";
        }
    }

    /**
     * One subscriber.
     *
     * @param name     its name in the report ({@code news-3})
     * @param topic    its topic
     * @param activeMs when its header section arrived: it is active from then
     * @param events   every event it received, in order
     * @param stream   its stream, for the transcript a failure quotes
     */
    record Subscriber(String name, String topic, long activeMs, List<SseEvent> events, EventStream stream) {
    }
}
