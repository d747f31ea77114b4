package dev.commtck.examples.common;

/** A request the contract refuses, with the status it is refused with. */
public final class Invalid extends Exception {

    private final int status;

    public Invalid(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
