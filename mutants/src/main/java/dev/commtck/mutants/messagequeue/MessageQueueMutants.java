package dev.commtck.mutants.messagequeue;

import dev.commtck.mutants.Mutant;
import dev.commtck.reference.messagequeue.QueueService;
import dev.commtck.reference.messagequeue.QueueStore;
import dev.commtck.reference.messagequeue.JournalQueueStore;
import io.helidon.webserver.http.HttpRouting;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Message queues with one fault each (spec/message-queue.md). Each is the reference queue service over the reference
 * store (in memory) wrapped with the fault, registered ahead of the reference routes.
 */
public final class MessageQueueMutants {

    /** How long {@code mq-held-empty} holds a receive on a new queue: past the tolerance "fast" (1 s). */
    static final Duration HELD = Duration.ofMillis(1200);
    /** How close two receives must come for {@code mq-double-lease} to hand them the same messages. */
    static final Duration LEASE_RACE = Duration.ofMillis(50);
    /** How long {@code mq-lost-send} takes to write a message, during which a concurrent send is lost. */
    static final Duration WRITE = Duration.ofMillis(1);

    public static final List<Mutant> ALL = List.of(
            new Mutant("mq-reused-id", "MQ-SEND-1", "answers a send with an id derived from the body, so equal bodies share it",
                    () -> faulty(store -> new ForwardingQueueStore(store) {
                        @Override
                        public String send(String queue, byte[] body) {
                            super.send(queue, body);
                            return "m" + Integer.toHexString(Arrays.hashCode(body));
                        }
                    })),
            new Mutant("mq-truncated-body", "MQ-SIZE-1", "stores the first 256 KiB of a longer body and answers 201",
                    () -> faulty(new QueueService.Rules(Integer.MAX_VALUE, QueueService.Rules.CONTRACT.queueName()),
                            store -> new ForwardingQueueStore(store) {
                                @Override
                                public String send(String queue, byte[] body) {
                                    return super.send(queue, Arrays.copyOf(body, Math.min(body.length, QueueService.MAX_BODY_BYTES)));
                                }
                            })),
            new Mutant("mq-any-name", "MQ-NAME-1", "takes any path segment as a queue name",
                    () -> faulty(new QueueService.Rules(QueueService.MAX_BODY_BYTES, name -> !name.isEmpty()), store -> store)),
            new Mutant("mq-trimmed-body", "MQ-BODY-1", "strips leading and trailing whitespace from message bodies",
                    () -> faulty(store -> new ForwardingQueueStore(store) {
                        @Override
                        public String send(String queue, byte[] body) {
                            return super.send(queue, new String(body, StandardCharsets.UTF_8).strip()
                                    .getBytes(StandardCharsets.UTF_8));
                        }
                    })),
            new Mutant("mq-ignores-max", "MQ-RECEIVE-1", "ignores max and delivers up to 10 messages to every receive",
                    () -> faulty(store -> new ForwardingQueueStore(store) {
                        @Override
                        public List<Delivery> receive(String queue, int max, Duration visibility, Duration wait)
                                throws InterruptedException {
                            return super.receive(queue, QueueService.MAX_BATCH, visibility, wait);
                        }
                    })),
            new Mutant("mq-held-empty", "MQ-EMPTY-1", "creates a queue lazily on its first receive, which holds an"
                    + " empty answer for 1.2 s even without a wait", () -> faulty(store -> new ForwardingQueueStore(store) {
                        private final Set<String> created = ConcurrentHashMap.newKeySet();

                        @Override
                        public String send(String queue, byte[] body) {
                            created.add(queue);
                            return super.send(queue, body);
                        }

                        @Override
                        public List<Delivery> receive(String queue, int max, Duration visibility, Duration wait)
                                throws InterruptedException {
                            if (created.add(queue)) {
                                Thread.sleep(HELD); // the fault: "creating" the queue holds the answer
                            }
                            return super.receive(queue, max, visibility, wait);
                        }
                    })),
            new Mutant("mq-late-wake", "MQ-WAIT-1", "a waiting receive looks at the queue only when it starts and when its wait ends",
                    () -> faulty(store -> new ForwardingQueueStore(store) {
                        @Override
                        public List<Delivery> receive(String queue, int max, Duration visibility, Duration wait)
                                throws InterruptedException {
                            List<Delivery> got = super.receive(queue, max, visibility, Duration.ZERO);
                            if (!got.isEmpty() || wait.isZero()) {
                                return got;
                            }
                            Thread.sleep(wait); // the fault: nothing wakes the wait when a message arrives
                            return super.receive(queue, max, visibility, Duration.ZERO);
                        }
                    })),
            new Mutant("mq-no-hold", "MQ-WAIT-2", "ignores waitMs: an empty receive is answered at once",
                    () -> faulty(store -> new ForwardingQueueStore(store) {
                        @Override
                        public List<Delivery> receive(String queue, int max, Duration visibility, Duration wait)
                                throws InterruptedException {
                            return super.receive(queue, max, visibility, Duration.ZERO);
                        }
                    })),
            new Mutant("mq-double-lease", "MQ-LEASE-1", "leases without atomicity: a receive within 50 ms of another is"
                    + " handed the messages that one got",
                    () -> faulty(store -> new ForwardingQueueStore(store) {
                        private final Map<String, Lease> latest = new ConcurrentHashMap<>();

                        record Lease(List<Delivery> deliveries, long atNanos) {
                        }

                        @Override
                        public List<Delivery> receive(String queue, int max, Duration visibility, Duration wait)
                                throws InterruptedException {
                            Lease other = latest.get(queue);
                            if (other != null && System.nanoTime() - other.atNanos() < LEASE_RACE.toNanos()) {
                                return other.deliveries(); // read before the other receive marked them leased
                            }
                            List<Delivery> got = super.receive(queue, max, visibility, wait);
                            if (!got.isEmpty()) {
                                latest.put(queue, new Lease(got, System.nanoTime()));
                            }
                            return got;
                        }
                    })),
            new Mutant("mq-never-redeliver", "MQ-REDELIVER-1", "leases never end: a message whose consumer vanished stays"
                    + " invisible", () -> faulty(store -> new ForwardingQueueStore(store) {
                        @Override
                        public List<Delivery> receive(String queue, int max, Duration visibility, Duration wait)
                                throws InterruptedException {
                            return super.receive(queue, max, Duration.ofMillis(QueueService.MAX_VISIBILITY_MS), wait);
                        }
                    })),
            new Mutant("mq-ack-keeps-message", "MQ-ACK-1", "answers an acknowledgement 204 but keeps the message, which"
                    + " comes back when its lease ends", () -> faulty(store -> new ForwardingQueueStore(store) {
                        @Override
                        public Settlement ack(String queue, String receipt) {
                            return Settlement.DONE;
                        }
                    })),
            new Mutant("mq-stale-receipt", "MQ-STALE-1", "answers an acknowledgement whose lease has ended 204, as SQS"
                    + " does, without deleting anything", () -> faulty(store -> new ForwardingQueueStore(store) {
                        @Override
                        public Settlement ack(String queue, String receipt) {
                            Settlement s = super.ack(queue, receipt);
                            return s == Settlement.LEASE_ENDED ? Settlement.DONE : s;
                        }
                    })),
            new Mutant("mq-lost-send", "MQ-LOST-1", "loses a send that arrives while another is being written (a"
                    + " read-modify-write race), answering it 201 all the same",
                    () -> faulty(store -> new ForwardingQueueStore(store) {
                        private final AtomicBoolean writing = new AtomicBoolean();
                        private final AtomicLong lost = new AtomicLong();

                        @Override
                        public String send(String queue, byte[] body) {
                            if (!writing.compareAndSet(false, true)) {
                                return "lost-" + lost.incrementAndGet(); // overwritten by the other writer
                            }
                            try {
                                Thread.sleep(WRITE);
                                return super.send(queue, body);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                throw new IllegalStateException(e);
                            } finally {
                                writing.set(false);
                            }
                        }
                    })),
            new Mutant("mq-case-insensitive", "MQ-UNEXPECTED-1", "folds queue names to lower case, so Orders and orders"
                    + " are one queue", () -> faulty(store -> new ForwardingQueueStore(store) {
                        @Override
                        public String send(String queue, byte[] body) {
                            return super.send(queue.toLowerCase(Locale.ROOT), body);
                        }

                        @Override
                        public List<Delivery> receive(String queue, int max, Duration visibility, Duration wait)
                                throws InterruptedException {
                            return super.receive(queue.toLowerCase(Locale.ROOT), max, visibility, wait);
                        }

                        @Override
                        public Settlement ack(String queue, String receipt) {
                            return super.ack(queue.toLowerCase(Locale.ROOT), receipt);
                        }
                    })));

    private MessageQueueMutants() {
    }

    private static Consumer<HttpRouting.Builder> faulty(UnaryOperator<QueueStore> fault) {
        return faulty(QueueService.Rules.CONTRACT, fault);
    }

    /** The reference queue service over a fresh in-memory store with the fault, ahead of the reference routes. */
    private static Consumer<HttpRouting.Builder> faulty(QueueService.Rules rules, UnaryOperator<QueueStore> fault) {
        return routing -> routing.register(new QueueService(fault.apply(JournalQueueStore.inMemory()), rules));
    }
}
