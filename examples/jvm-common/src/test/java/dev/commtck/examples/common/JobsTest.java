package dev.commtck.examples.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JobsTest {

    private final Jobs jobs = new Jobs();

    private static Map<String, Object> submission(Object durationMs) {
        Map<String, Object> body = new HashMap<>();
        body.put("input", " ping\n");
        body.put("durationMs", durationMs);
        return body;
    }

    @Test
    void aJobEndsWithTheRequestResponseAnswerAndWakesItsWaiter() throws Exception {
        Jobs.Job job = jobs.submit(submission(100));
        assertEquals("pending", job.representation().get("state"));
        Map<String, Object> done = jobs.await(job, Duration.ofSeconds(5)).get(1, TimeUnit.SECONDS);
        assertEquals("done", done.get("state"));
        assertEquals("pong", done.get("result"));
    }

    @Test
    void aWaitWhoseBoundPassesIsAnsweredPending() throws Exception {
        Jobs.Job job = jobs.submit(submission(5_000));
        assertEquals("pending", jobs.await(job, Duration.ofMillis(100)).get(1, TimeUnit.SECONDS).get("state"));
    }

    @Test
    void durationsAreWholeNumbersWithinTheLimit() throws Invalid {
        jobs.submit(submission(1e4));
        jobs.submit(submission(null));
        for (Object bad : new Object[] {1.5, "100", -1, Jobs.MAX_DURATION_MS + 1, true}) {
            assertEquals(422, assertThrows(Invalid.class, () -> jobs.submit(submission(bad))).status());
        }
    }

    @Test
    void theBoundIsWholeSecondsAtMostTheMaximumHold() throws Invalid {
        assertEquals(Jobs.MAX_HOLD, Jobs.bound(null));
        assertEquals(Duration.ZERO, Jobs.bound("0"));
        assertEquals(Jobs.MAX_HOLD, Jobs.bound("3600"));
        for (String bad : new String[] {"", "abc", "-1", "1.5", "1e2"}) {
            assertEquals(400, assertThrows(Invalid.class, () -> Jobs.bound(bad)).status());
        }
    }
}
