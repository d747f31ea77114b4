package dev.commtck.tck.pubsub;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.support.PathKey;
import dev.commtck.tck.support.Target;

/** The resources of the publish/subscribe contract (spec/pub-sub.md, "Contract"): templates in which {@code {topic}} is the topic. */
final class TopicPaths {

    static final PathKey PUBLISH = new PathKey(Pattern.PUB_SUB, "publish", "/topics/{topic}/messages");
    static final PathKey SUBSCRIBE = new PathKey(Pattern.PUB_SUB, "subscribe", "/topics/{topic}/events");

    private TopicPaths() {
    }

    /** The resource of this topic; the name is percent-encoded, so that even a name the kit means to be refused is one segment. */
    static String of(Target target, PathKey key, String topic) {
        return target.path(key).replace("{topic}", PathKey.segment(topic));
    }
}
