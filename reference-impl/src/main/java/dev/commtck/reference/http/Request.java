package dev.commtck.reference.http;

import java.util.List;
import java.util.Optional;

/** A request as a handler sees it: its whole body has arrived. Header names are case-insensitive. */
public interface Request {

    /** The method, as sent ({@code GET}, {@code POST}…). */
    String method();

    /** The path, percent-decoded, without the query. */
    String path();

    /** The value of a {@code {name}} segment of the route's path pattern. */
    String pathParameter(String name);

    /** The first value of a query parameter. */
    Optional<String> query(String name);

    /** The first value of a header. */
    Optional<String> header(String name);

    /** Every value of a header, in the order received. */
    List<String> headers(String name);

    /** The whole body, empty when there is none. */
    byte[] body();

    /**
     * The body in the pieces it arrived in (what one read from the network brought of it, or of one of its chunks): what
     * a server that acts on the body as it comes sees. The seam of the kit's mutants that do not wait for the whole body;
     * together the pieces are {@link #body}.
     */
    List<byte[]> bodyPieces();

    /** Who sent it ({@code /127.0.0.1:52144}), for the log. */
    String client();
}
