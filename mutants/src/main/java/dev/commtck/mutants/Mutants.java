package dev.commtck.mutants;

import dev.commtck.mutants.cluster.ClusterMutants;
import dev.commtck.mutants.longpolling.LongPollingMutants;
import dev.commtck.mutants.messagequeue.MessageQueueMutants;
import dev.commtck.mutants.pubsub.PubSubMutants;
import dev.commtck.mutants.push.PushMutants;
import dev.commtck.mutants.requestresponse.RequestResponseMutants;
import dev.commtck.mutants.shortpolling.ShortPollingMutants;
import dev.commtck.mutants.sse.SseMutants;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Every mutant of every pattern. */
public final class Mutants {

    private Mutants() {
    }

    public static List<Mutant> all() {
        List<Mutant> all = new ArrayList<>();
        all.addAll(RequestResponseMutants.ALL);
        all.addAll(ShortPollingMutants.ALL);
        all.addAll(PushMutants.ALL);
        all.addAll(MessageQueueMutants.ALL);
        all.addAll(SseMutants.ALL);
        all.addAll(LongPollingMutants.ALL);
        all.addAll(PubSubMutants.ALL);
        all.addAll(ClusterMutants.ALL);
        return List.copyOf(all);
    }

    public static Optional<Mutant> byId(String id) {
        return all().stream().filter(m -> m.id().equals(id)).findFirst();
    }
}
