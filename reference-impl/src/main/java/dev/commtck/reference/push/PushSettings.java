package dev.commtck.reference.push;

import java.time.Duration;

/**
 * The reference push endpoint's rates and limits (spec/push.md, "Contract").
 *
 * @param period           one {@code tick} per period to every client (the spec's default {@code push.period})
 * @param keepAlive        a client silent this long gets a Ping frame
 * @param queueMessages    at most this many messages wait for one client; a client further behind is closed with 1013
 * @param queueBytes       at most this many bytes of messages wait for one client (counted per client, shared in memory)
 * @param slowCloseGrace   a client that does not answer the server's Close frame within this (a client closed for being
 *                         too slow may not even read it) is cut off
 * @param maxNotification  longest notification accepted over HTTP, in bytes (longer: 413)
 * @param maxClientMessage longest client message, in bytes (longer: closed with 1009)
 */
public record PushSettings(Duration period, Duration keepAlive, int queueMessages, int queueBytes, Duration slowCloseGrace,
                           int maxNotification, int maxClientMessage) {

    public static final PushSettings DEFAULT = new PushSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), 256, 1 << 20,
            Duration.ofSeconds(5), 64 * 1024, 64 * 1024);

    public PushSettings withPeriod(Duration p) {
        return new PushSettings(p, keepAlive, queueMessages, queueBytes, slowCloseGrace, maxNotification, maxClientMessage);
    }

    public PushSettings withKeepAlive(Duration k) {
        return new PushSettings(period, k, queueMessages, queueBytes, slowCloseGrace, maxNotification, maxClientMessage);
    }

    public PushSettings withMaxNotification(int bytes) {
        return new PushSettings(period, keepAlive, queueMessages, queueBytes, slowCloseGrace, bytes, maxClientMessage);
    }
}
