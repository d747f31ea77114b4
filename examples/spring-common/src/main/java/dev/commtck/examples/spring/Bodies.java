package dev.commtck.examples.spring;

import dev.commtck.examples.common.Contract;
import dev.commtck.examples.common.Invalid;

/** Request bodies as text: {@code @RequestBody(required = false) byte[]} is null when the body is empty. */
final class Bodies {

    private Bodies() {
    }

    static String text(byte[] body, int maxBytes) throws Invalid {
        return Contract.utf8(body == null ? new byte[0] : body, maxBytes);
    }
}
