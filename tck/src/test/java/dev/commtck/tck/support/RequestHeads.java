package dev.commtck.tck.support;

import java.io.IOException;
import java.io.InputStream;

/** What the tests' socket servers need of a request: to read past its head. */
final class RequestHeads {

    private RequestHeads() {
    }

    /** Reads up to the blank line that ends a request's head; false when the connection ended first. */
    static boolean skip(InputStream in) throws IOException {
        int last4 = 0;
        while (last4 != 0x0d0a0d0a) {
            int b = in.read();
            if (b < 0) {
                return false;
            }
            last4 = last4 << 8 | b;
        }
        return true;
    }
}
