package dev.commtck.spec;

/** RFC 2119 strength of a requirement. */
public enum Level {
    /** Violating it makes a server non-conforming: verdict FAIL. */
    MUST,
    /** Violating it is reported (verdict WARN) but the server still conforms, unless the run is strict. */
    SHOULD,
    /** An optional capability: checked only where the server offers it, then its checks are binding. */
    MAY
}
