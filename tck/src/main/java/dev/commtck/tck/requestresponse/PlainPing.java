package dev.commtck.tck.requestresponse;

import static dev.commtck.tck.requestresponse.RequestResponsePaths.HELLO;

import dev.commtck.tck.support.Exchange;
import dev.commtck.tck.support.Expect;
import dev.commtck.tck.support.Target;

/**
 * The server's own answer to a plain {@code POST ping}, sent whole. Checks about trimming, body framing, concurrency
 * and connections compare against it rather than against {@code pong}, so that each fails only for its own reason:
 * a server that answers {@code pong\n} violates RR-PING-1, not RR-BODY-1.
 */
final class PlainPing {

    private PlainPing() {
    }

    /** The body of the answer to {@code ping}; a failure if it is not a 200. */
    static String answer(Target target) {
        Exchange ex = target.http().post(target.path(HELLO), "ping");
        Expect.that(ex.status() == 200, "a plain POST of ping answered 200, to compare with", "it was answered " + ex.status(), ex);
        return ex.bodyText();
    }
}
