package dev.commtck.reference;

import io.helidon.http.BadRequestException;
import io.helidon.webserver.http.ServerRequest;

/** Reads request bodies for every pattern, so that a malformed body is the client's error (400), never a 500. */
public final class RequestBodies {

    private RequestBodies() {
    }

    /** The whole body (empty when there is none); a body that cannot be decoded is answered 400. */
    public static byte[] read(ServerRequest req) {
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        try {
            return req.content().as(byte[].class);
        } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
            // Helidon reports a bad chunk size as NumberFormatException, a truncated body as an I/O failure
            throw new BadRequestException("malformed request body: " + e.getMessage(), e);
        }
    }
}
