package dev.commtck.examples.common;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Publish/subscribe's topics: one {@link EventLog} each, made when first named. */
public final class Topics {

    private final Map<String, EventLog> topics = new ConcurrentHashMap<>();

    public EventLog topic(String name) throws Invalid {
        Contract.requireName(name);
        return topics.computeIfAbsent(name, n -> new EventLog());
    }
}
