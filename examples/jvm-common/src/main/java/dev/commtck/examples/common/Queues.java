package dev.commtck.examples.common;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The message queue's queues (spec/message-queue.md), in memory: a receive leases messages for a visibility period, an
 * acknowledgement of the current lease deletes, a lease that ends makes its message deliverable again. Each queue is
 * one lock; a waiting receive is a future that a send or a lease's end completes, or its wait's end.
 */
public final class Queues {

    /** The longest message body. */
    public static final int MAX_BODY_BYTES = 262_144;
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,9}");
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("queues").factory());

    /** One message as a receive delivers it. */
    public record Delivery(String id, String body, String receipt, int deliveryCount) {
    }

    /** What a receive asks for: {@code max}, {@code visibilityMs}, {@code waitMs}, each with its default. */
    public record Receive(int max, long visibilityMs, long waitMs) {

        /** Reads the query parameters (null when absent), refusing (400) those outside the accepted values. */
        public static Receive of(String max, String visibilityMs, String waitMs) throws Invalid {
            return new Receive((int) parameter("max", max, 1, 1, 10), parameter("visibilityMs", visibilityMs, 30_000, 100,
                    43_200_000), parameter("waitMs", waitMs, 0, 0, 20_000));
        }

        private static long parameter(String name, String value, long absent, long min, long max) throws Invalid {
            if (value == null) {
                return absent;
            }
            if (!NUMBER.matcher(value).matches() || Long.parseLong(value) < min || Long.parseLong(value) > max) {
                throw new Invalid(400, name + " is a whole number from " + min + " to " + max);
            }
            return Long.parseLong(value);
        }
    }

    /** How an acknowledgement went. */
    public enum Ack {
        DELETED, STALE, UNKNOWN
    }

    private final Map<String, MessageQueue> queues = new ConcurrentHashMap<>();

    public MessageQueue queue(String name) throws Invalid {
        Contract.requireName(name);
        return queues.computeIfAbsent(name, n -> new MessageQueue());
    }

    /** One queue. */
    public static final class MessageQueue {

        private static final class Message {
            final String id;
            final String body;
            int deliveries;
            String receipt;
            long leaseEndsAt;

            Message(String id, String body) {
                this.id = id;
                this.body = body;
            }
        }

        private record Waiter(Receive receive, CompletableFuture<List<Delivery>> answer) {
        }

        private final ArrayDeque<Message> deliverable = new ArrayDeque<>();
        /** Every receipt a message still in the queue was delivered with, so that an old one is known as stale. */
        private final Map<String, Message> receipts = new HashMap<>();
        private final List<Waiter> waiters = new ArrayList<>();
        private long lastId;

        /** Stores the message and returns its id. */
        public String send(String body) {
            List<Runnable> answers;
            String id;
            synchronized (this) {
                id = Long.toString(++lastId);
                deliverable.addLast(new Message(id, body));
                answers = serveWaiters();
            }
            answers.forEach(Runnable::run);
            return id;
        }

        /** The messages leased to this receive: at once when there are any or it does not wait, else when one comes. */
        public CompletableFuture<List<Delivery>> receive(Receive receive) {
            Waiter waiter = new Waiter(receive, new CompletableFuture<>());
            synchronized (this) {
                if (!deliverable.isEmpty() || receive.waitMs() == 0) {
                    return CompletableFuture.completedFuture(lease(receive));
                }
                waiters.add(waiter);
            }
            TIMER.schedule(() -> {
                synchronized (this) {
                    if (!waiters.remove(waiter)) {
                        return;
                    }
                }
                waiter.answer.complete(List.of());
            }, receive.waitMs(), TimeUnit.MILLISECONDS);
            return waiter.answer;
        }

        /** Deletes the message whose current lease {@code receipt} names, if that lease still runs. */
        public synchronized Ack acknowledge(String receipt) {
            Message message = receipts.get(receipt);
            if (message == null) {
                return Ack.UNKNOWN;
            }
            if (!receipt.equals(message.receipt) || System.nanoTime() - message.leaseEndsAt >= 0) {
                return Ack.STALE;
            }
            receipts.values().removeIf(m -> m == message);
            message.receipt = null;
            return Ack.DELETED;
        }

        private List<Delivery> lease(Receive receive) {
            List<Delivery> leased = new ArrayList<>();
            while (leased.size() < receive.max() && !deliverable.isEmpty()) {
                Message message = deliverable.removeFirst();
                message.deliveries++;
                message.receipt = message.id + "." + message.deliveries + "." + HexFormat.of().toHexDigits(
                        ThreadLocalRandom.current().nextLong());
                message.leaseEndsAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(receive.visibilityMs());
                receipts.put(message.receipt, message);
                String receipt = message.receipt;
                TIMER.schedule(() -> leaseEnded(message, receipt), receive.visibilityMs(), TimeUnit.MILLISECONDS);
                leased.add(new Delivery(message.id, message.body, receipt, message.deliveries));
            }
            return leased;
        }

        private void leaseEnded(Message message, String receipt) {
            List<Runnable> answers;
            synchronized (this) {
                if (!receipt.equals(message.receipt)) {
                    return; // acknowledged
                }
                message.receipt = null;
                deliverable.addFirst(message);
                answers = serveWaiters();
            }
            answers.forEach(Runnable::run);
        }

        /** Leases to waiting receives what is deliverable; the answers are sent once the lock is released. */
        private List<Runnable> serveWaiters() {
            List<Runnable> answers = new ArrayList<>();
            for (Iterator<Waiter> it = waiters.iterator(); it.hasNext() && !deliverable.isEmpty(); ) {
                Waiter waiter = it.next();
                it.remove();
                if (waiter.answer.isDone()) {
                    continue; // cancelled: its client went away
                }
                List<Delivery> leased = lease(waiter.receive);
                answers.add(() -> waiter.answer.complete(leased));
            }
            return answers;
        }
    }
}
