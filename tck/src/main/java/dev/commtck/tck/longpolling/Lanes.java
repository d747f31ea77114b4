package dev.commtck.tck.longpolling;

import dev.commtck.tck.support.EvaluationError;
import dev.commtck.tck.support.TimeoutFailure;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs a check's lanes of work side by side on virtual threads, within one bound, and rethrows what a lane threw. */
final class Lanes {

    private Lanes() {
    }

    static void run(List<Callable<Void>> lanes, Duration bound, String what) {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Void>> ran = threads.invokeAll(lanes, bound.toMillis(), TimeUnit.MILLISECONDS);
            for (Future<Void> lane : ran) {
                if (lane.isCancelled()) {
                    throw new TimeoutFailure(what + " within " + bound.toMillis() + " ms", "it took longer", "");
                }
                rethrow(lane, what);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EvaluationError("interrupted during " + what, e);
        }
    }

    private static void rethrow(Future<Void> lane, String what) throws InterruptedException {
        try {
            lane.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new EvaluationError("a lane of " + what + " failed: " + cause, cause);
        }
    }
}
