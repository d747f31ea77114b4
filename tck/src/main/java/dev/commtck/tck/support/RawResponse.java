package dev.commtck.tck.support;

import java.util.List;
import java.util.Optional;

/**
 * A response read byte by byte by {@link RawConnection}.
 *
 * @param status  the status code
 * @param headers header fields in the order received, names as sent
 * @param body    the decoded body (chunked coding removed)
 * @param framing how the body was delimited: {@code content-length}, {@code chunked}, {@code close} or {@code none}
 */
public record RawResponse(int status, List<String[]> headers, byte[] body, String framing) {

    public Optional<String> header(String name) {
        return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).findFirst();
    }

    public String bodyText() {
        return Text.utf8(body);
    }

    /** The server announced it will close the connection after this response. */
    public boolean closes() {
        return header("connection").map(v -> v.toLowerCase(java.util.Locale.ROOT).contains("close")).orElse(false);
    }

    public String summary() {
        return status + " " + Text.quoteBytes(body) + " (" + framing + ")";
    }
}
