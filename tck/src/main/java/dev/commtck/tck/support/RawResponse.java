package dev.commtck.tck.support;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A response read byte by byte by {@link RawConnection}.
 *
 * @param version the HTTP version of the status line ({@code HTTP/1.1}, {@code HTTP/1.0})
 * @param status  the status code
 * @param headers header fields in the order received, names as sent
 * @param body    the decoded body (chunked coding removed)
 * @param framing how the body was delimited: {@code content-length}, {@code chunked}, {@code close} or {@code none}
 */
public record RawResponse(String version, int status, List<String[]> headers, byte[] body, String framing) {

    public Optional<String> header(String name) {
        return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).findFirst();
    }

    public String bodyText() {
        return Text.utf8(body);
    }

    /**
     * The server announced it will close the connection after this response: {@code Connection: close}, or an HTTP/1.0
     * response without {@code keep-alive} (RFC 9112 §9.3).
     */
    public boolean closes() {
        String connection = header("connection").orElse("").toLowerCase(Locale.ROOT);
        return connection.contains("close") || ("HTTP/1.0".equals(version) && !connection.contains("keep-alive"));
    }

    public String summary() {
        return status + " " + Text.quoteBytes(body) + " (" + framing + ")";
    }
}
