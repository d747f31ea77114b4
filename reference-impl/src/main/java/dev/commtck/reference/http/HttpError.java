package dev.commtck.reference.http;

/** A request the server refuses: answered with {@link #status()} and the message as a plain-text reason. */
public class HttpError extends RuntimeException {

    private final int status;

    public HttpError(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    /** {@code 400 Bad Request}: the client must change the request. */
    public static HttpError badRequest(String reason) {
        return new HttpError(Status.BAD_REQUEST, reason);
    }

    public int status() {
        return status;
    }
}
