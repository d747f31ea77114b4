package dev.commtck.tck.messagequeue;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.support.PathKey;

/**
 * The resources of the message-queue contract (spec/message-queue.md, "Contract"): path templates in which
 * {@code {name}} is the queue and {@code {receipt}} a receipt.
 */
final class QueuePaths {

    static final PathKey SEND = new PathKey(Pattern.MESSAGE_QUEUE, "send", "/queues/{name}/messages");
    static final PathKey RECEIVE = new PathKey(Pattern.MESSAGE_QUEUE, "receive", "/queues/{name}/receive");
    static final PathKey ACK = new PathKey(Pattern.MESSAGE_QUEUE, "ack", "/queues/{name}/receipts/{receipt}");
    static final PathKey RELEASE = new PathKey(Pattern.MESSAGE_QUEUE, "release", "/queues/{name}/receipts/{receipt}/release");
    static final PathKey DEAD_LETTERS = new PathKey(Pattern.MESSAGE_QUEUE, "dead-letters", "/queues/{name}/dead-letters");

    private QueuePaths() {
    }
}
