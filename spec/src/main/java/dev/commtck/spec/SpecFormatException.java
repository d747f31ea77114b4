package dev.commtck.spec;

/** A spec document does not follow the requirement format described in {@code spec/README.md}. */
public final class SpecFormatException extends RuntimeException {
    public SpecFormatException(String message) {
        super(message);
    }
}
