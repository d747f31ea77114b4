package dev.commtck.reference.http;

/**
 * Answers one request. It may answer before it returns, or keep {@code res} and answer later from any thread (a long
 * poll answers when its job ends); a handler that throws {@link HttpError} is answered with its status and reason.
 */
@FunctionalInterface
public interface Handler {
    void handle(Request req, Response res) throws Exception;

    /**
     * {@code h}, run on the connection's event loop instead of a virtual thread of its own: for a handler that never
     * blocks (no lock held long, no disk, no database), whose request then costs no thread hand-off.
     */
    static Handler onEventLoop(Handler h) {
        return new OnEventLoop(h);
    }

    /** A handler that never blocks; see {@link #onEventLoop}. */
    record OnEventLoop(Handler handler) implements Handler {
        @Override
        public void handle(Request req, Response res) throws Exception {
            handler.handle(req, res);
        }
    }
}
