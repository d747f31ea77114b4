package dev.commtck.tck.requestresponse;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.support.PathKey;

/** The resources of the request-response contract (spec/request-response.md, "Contract"). */
final class RequestResponsePaths {

    static final PathKey HELLO = new PathKey(Pattern.REQUEST_RESPONSE, "hello", "/hello");

    private RequestResponsePaths() {
    }
}
