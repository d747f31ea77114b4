package dev.commtck.tck.runner;

import java.time.LocalDate;

/**
 * A known, accepted failure of one requirement, until a date: a waived FAIL does not fail the run. A waiver that has
 * expired, or whose requirement now passes (stale), does fail it, so that waivers cannot outlive their reason.
 *
 * @param id      the requirement ID
 * @param reason  why it is accepted for now
 * @param link    an issue or discussion (optional, may be empty)
 * @param expires the last day it applies
 */
public record Waiver(String id, String reason, String link, LocalDate expires) {

    /** How a waiver fared in a run. */
    public enum Status {
        /** The requirement failed and the waiver is in force: the failure does not fail the run. */
        APPLIED,
        /** Past its expiry date: fails the run, whatever the requirement's verdict. */
        EXPIRED,
        /** The requirement no longer fails: the waiver should be removed; fails the run. */
        STALE,
        /** The requirement's pattern was not part of this run. */
        NOT_RUN,
        /** The requirement holds on this target, but another target of the same report still needs the waiver. */
        NOT_NEEDED_HERE
    }

    /**
     * What happened to one waiver in a run.
     *
     * @param waiver the waiver
     * @param status how it fared
     */
    public record Outcome(Waiver waiver, Status status) {

        public boolean failsTheRun() {
            return status == Status.EXPIRED || status == Status.STALE;
        }

        public String message() {
            return switch (status) {
                case APPLIED -> waiver.id + " fails, waived until " + waiver.expires + ": " + waiver.reason;
                case EXPIRED -> "the waiver for " + waiver.id + " expired on " + waiver.expires
                        + " (" + waiver.reason + "): fix the server or renew the waiver";
                case STALE -> "the waiver for " + waiver.id + " is stale: the requirement no longer fails; remove it";
                case NOT_RUN -> "the waiver for " + waiver.id + " does not concern the patterns of this run";
                case NOT_NEEDED_HERE -> waiver.id + " holds on this target; its waiver is for another target of the run";
            };
        }
    }
}
