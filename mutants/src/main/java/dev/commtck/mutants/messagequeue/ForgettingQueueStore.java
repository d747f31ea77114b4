package dev.commtck.mutants.messagequeue;

import dev.commtck.reference.messagequeue.QueueStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The reference queue store with messages it has forgotten: a forgotten message is never delivered again, as if it had
 * been deleted (it is, the next time a receive comes across it). The seam of the mutants that drop messages.
 */
class ForgettingQueueStore extends ForwardingQueueStore {

    private final Set<String> forgotten = ConcurrentHashMap.newKeySet();

    ForgettingQueueStore(QueueStore delegate) {
        super(delegate);
    }

    /** Forgets the message with this id. */
    void forget(String id) {
        forgotten.add(id);
    }

    @Override
    public List<Delivery> receive(String queue, int max, Duration visibility, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            List<Delivery> got = super.receive(queue, max, visibility, left);
            List<Delivery> kept = new ArrayList<>(got.size());
            for (Delivery d : got) {
                if (forgotten.contains(d.id())) {
                    super.ack(queue, d.receipt());
                } else {
                    kept.add(d);
                }
            }
            if (!kept.isEmpty() || got.isEmpty()) {
                return kept;
            }
        }
    }
}
