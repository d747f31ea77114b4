package dev.commtck.reference.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.commtck.reference.http.HttpError;
import dev.commtck.reference.http.Status;
import dev.commtck.reference.sse.EventHub;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The topics' numbering, limits and forgetting, without HTTP. */
class TopicsTest {

    @Test
    void eachTopicNumbersItsOwnMessagesFromOne() {
        Topics topics = new Topics();
        assertEquals(List.of(1L, 2L, 3L), IntStream.range(0, 3).mapToObj(i -> topics.publish("news", "m" + i)).toList());
        assertEquals(1L, topics.publish("News", "another topic"));
        assertEquals(4L, topics.publish("news", "m3"));
        assertEquals(2, topics.topics());
    }

    @Test
    void subscriptionsBeyondTheLimitAreRefusedUntilOneIsReleased() {
        Topics topics = new Topics(Topics.MAX_TOPICS, 2);
        EventHub.Subscription first = topics.subscribe("a", Optional.empty(), "test");
        topics.subscribe("b", Optional.empty(), "test");
        HttpError refused = assertThrows(HttpError.class, () -> topics.subscribe("a", Optional.empty(), "test"));
        assertEquals(Status.SERVICE_UNAVAILABLE, refused.status());
        topics.release("a", first);
        assertEquals(1, topics.subscriptions());
        topics.subscribe("a", Optional.empty(), "test");
        assertEquals(2, topics.subscriptions());
    }

    @Test
    void idleTopicsAreForgottenToMakeRoomAndComeBackNumberedAboveEverythingForgotten() {
        Topics topics = new Topics(8, 100);
        EventHub.Subscription busy = topics.subscribe("busy", Optional.empty(), "test");
        for (int t = 0; t < 7; t++) {
            for (int m = 0; m < 10 + t; m++) {
                topics.publish("idle-" + t, "m" + m); // idle-0 reaches 10, idle-1 11, …
            }
        }
        assertEquals(8, topics.topics());
        // room is made by forgetting the least recently used idle topic (idle-0); a new topic is numbered above it
        assertEquals(11L, topics.publish("new", "the ninth topic"));
        assertEquals(8, topics.topics());
        // idle-0 comes back (idle-1 is forgotten for it): numbered above every number it gave before
        assertEquals(12L, topics.publish("idle-0", "back"));
        assertEquals(1L, topics.publish("busy", "never forgotten while subscribed"));
        topics.release("busy", busy);
    }

    @Test
    void whenEveryTopicHasSubscriptionsANewTopicIsRefused() {
        Topics topics = new Topics(2, 100);
        topics.subscribe("a", Optional.empty(), "test");
        topics.subscribe("b", Optional.empty(), "test");
        HttpError refused = assertThrows(HttpError.class, () -> topics.publish("c", "no room"));
        assertEquals(Status.SERVICE_UNAVAILABLE, refused.status());
        assertEquals(1L, topics.publish("a", "a known topic still works"));
    }
}
