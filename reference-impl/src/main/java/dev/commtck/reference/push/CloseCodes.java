package dev.commtck.reference.push;

/** The close codes of RFC 6455 §7.4 and the IANA registry, by what an endpoint may do with them. */
public final class CloseCodes {

    public static final int NORMAL = 1000;
    public static final int GOING_AWAY = 1001;
    public static final int PROTOCOL_ERROR = 1002;
    public static final int UNSUPPORTED_DATA = 1003;
    public static final int INVALID_DATA = 1007;
    public static final int TOO_BIG = 1009;
    public static final int TRY_AGAIN_LATER = 1013;

    private CloseCodes() {
    }

    /**
     * Whether a Close frame may carry this code: 1000–1003 and 1007–1014 (defined by RFC 6455 or registered with
     * IANA), 3000–4999 (libraries and applications). 1004 is reserved, 1005, 1006 and 1015 must never be sent.
     */
    public static boolean maySend(int code) {
        return code >= 1000 && code <= 1003 || code >= 1007 && code <= 1014 || code >= 3000 && code <= 4999;
    }
}
