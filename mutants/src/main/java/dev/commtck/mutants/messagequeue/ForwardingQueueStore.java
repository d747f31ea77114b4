package dev.commtck.mutants.messagequeue;

import dev.commtck.reference.messagequeue.QueueStore;
import java.time.Duration;
import java.util.List;

/** The reference queue store, passed through: a mutant overrides the one operation it breaks. */
class ForwardingQueueStore implements QueueStore {

    private final QueueStore delegate;

    ForwardingQueueStore(QueueStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public String send(String queue, byte[] body) {
        return delegate.send(queue, body);
    }

    @Override
    public List<Delivery> receive(String queue, int max, Duration visibility, Duration wait) throws InterruptedException {
        return delegate.receive(queue, max, visibility, wait);
    }

    @Override
    public Settlement ack(String queue, String receipt) {
        return delegate.ack(queue, receipt);
    }

    @Override
    public Settlement release(String queue, String receipt) {
        return delegate.release(queue, receipt);
    }

    @Override
    public List<DeadLetter> deadLetters(String queue) {
        return delegate.deadLetters(queue);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
