package dev.commtck.reference.longpolling;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.commtck.reference.JsonMappers;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One job: pending until its duration has passed, then done or failed for good. Its end is a future that every
 * waiter parks on, so that one completion wakes them all, and a waiter that comes after the end does not wait.
 */
public final class Job {

    /** The message of a job that was asked to fail. */
    static final String FAILURE = "the job failed, as its submission asked";

    /** The states of the contract, written in lower case. */
    public enum State {
        PENDING, DONE, FAILED;

        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final String id;
    private final JobRequest request;
    private final Duration retention;
    private final CompletableFuture<Job> end = new CompletableFuture<>();
    private volatile long endNanos;

    Job(String id, JobRequest request, Duration retention) {
        this.id = id;
        this.request = request;
        this.retention = retention;
    }

    public String id() {
        return id;
    }

    public JobRequest request() {
        return request;
    }

    public State state() {
        if (!end.isDone()) {
            return State.PENDING;
        }
        return request.fail() ? State.FAILED : State.DONE;
    }

    /** Completes when the job ends; a callback added after the end runs at once. */
    public CompletionStage<Job> end() {
        return end.minimalCompletionStage();
    }

    /**
     * Parks the calling (virtual) thread until the job ends or {@code bound} passes.
     *
     * @return whether the job has ended
     */
    public boolean awaitEnd(Duration bound) {
        if (end.isDone() || bound.isZero()) {
            return end.isDone();
        }
        try {
            end.get(bound.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the server is stopping
            return end.isDone();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a job's end never completes exceptionally", e);
        }
    }

    void finish() {
        endedAgo(0);
    }

    /** The job ended {@code agoMs} ago (another node ended it, and this one has just heard); nothing if it had already. */
    synchronized void endedAgo(long agoMs) {
        if (!end.isDone()) {
            endNanos = System.nanoTime() - agoMs * 1_000_000;
            end.complete(this);
        }
    }

    /** The job's representation (spec/long-polling.md, "The job's representation"), as it is now. */
    public byte[] json() {
        State state = state();
        ObjectNode n = JsonMappers.object().put("id", id).put("state", state.json());
        if (state == State.DONE) {
            n.put("result", request.result());
        } else if (state == State.FAILED) {
            n.put("error", FAILURE);
        }
        if (state != State.PENDING) {
            n.put("expiresInMs", Math.max(0, retention.toMillis() - (System.nanoTime() - endNanos) / 1_000_000));
        }
        return JsonMappers.bytes(n);
    }
}
