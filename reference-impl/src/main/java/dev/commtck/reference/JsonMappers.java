package dev.commtck.reference;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Jackson for a server whose requests run on threads that come and go (a virtual thread per request, the event
 * loops, the timers that end jobs). Jackson's default pool keeps its parsing and writing buffers per thread (two 4 KB
 * character buffers and more), so each new thread would make them anew, and each long-lived one hold them. These
 * mappers take their buffers from one pool shared by all threads and give them back after each use. Write with {@link #string} or {@link #bytes}: a node's own {@code toString} goes through Jackson's
 * internal mapper, with the per-thread pool.
 */
public final class JsonMappers {

    private static final ObjectMapper WRITER = create();

    private JsonMappers() {
    }

    /** A mapper whose buffers come from the shared pool. */
    public static ObjectMapper create() {
        return JsonMapper.builder(JsonFactory.builder().recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build())
                .build();
    }

    /** A new, empty JSON object. */
    public static ObjectNode object() {
        return WRITER.createObjectNode();
    }

    /** {@code node} written compactly. */
    public static String string(JsonNode node) {
        try {
            return WRITER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree built in memory always writes", e);
        }
    }

    /** {@code node} written compactly, in UTF-8. */
    public static byte[] bytes(JsonNode node) {
        try {
            return WRITER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree built in memory always writes", e);
        }
    }
}
