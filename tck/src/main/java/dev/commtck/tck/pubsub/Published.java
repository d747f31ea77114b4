package dev.commtck.tck.pubsub;

import dev.commtck.tck.support.sse.SseEvent;

/**
 * A message the kit published and the server answered as the contract says (spec/pub-sub.md, "Publish").
 *
 * @param topic      where it was published
 * @param message    what was published (the kit's messages are one line each, so they are also the event data)
 * @param sequence   the sequence number the server answered
 * @param sentMs     when the kit sent the publish (the start of its latency)
 * @param answeredMs when the answer was complete
 */
record Published(String topic, String message, long sequence, long sentMs, long answeredMs) {

    /** Whether the event is this message: a message event whose data is the message. */
    boolean deliveredAs(SseEvent e) {
        return e.type().equals(SseEvent.DEFAULT_TYPE) && e.data().equals(message);
    }
}
