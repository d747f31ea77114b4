package dev.commtck.tck.support;

import java.net.URI;

/** Writes a request as the curl command that repeats it: the "reproduce" line of a failure. */
final class Curl {

    private static final int MAX_INLINE_BODY = 256;

    private Curl() {
    }

    static String of(Request request, URI uri) {
        StringBuilder sb = new StringBuilder("curl -sS -i");
        if ("HEAD".equals(request.method())) {
            sb.append(" -I");
        } else if (!"GET".equals(request.method()) || request.hasBody()) {
            sb.append(" -X ").append(request.method());
        }
        request.headers().forEach((k, v) -> sb.append(" -H ").append(Text.shellQuote(k + ": " + v)));
        if (request.hasBody()) {
            byte[] body = request.body();
            if (body.length <= MAX_INLINE_BODY) {
                sb.append(" --data-binary ").append(ansiC(body));
            } else {
                sb.append(" --data-binary @body.bin");
            }
        }
        sb.append(' ').append(Text.shellQuote(uri.toString()));
        if (request.hasBody() && request.body().length > MAX_INLINE_BODY) {
            sb.append("   # body.bin: the ").append(request.body().length).append("-byte body in the request attachment");
        }
        return sb.toString();
    }

    /** Bash ANSI-C quoting ({@code $'ping\n'}), so that any byte survives the shell. */
    static String ansiC(byte[] bytes) {
        StringBuilder sb = new StringBuilder("$'");
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c == '\\' || c == '\'') {
                sb.append('\\').append((char) c);
            } else if (c >= 0x20 && c < 0x7f) {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        return sb.append('\'').toString();
    }
}
