package dev.commtck.tck.support;

import dev.commtck.spec.Requirement;
import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.model.Label;
import io.qameta.allure.model.Link;
import io.qameta.allure.model.Status;
import io.qameta.allure.model.StepResult;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.UUID;

/**
 * Puts a conformance test into the Allure report the way people read it: pattern, then requirement, then test, with
 * the requirement's level as severity, a link to its sentence in the spec, and the test's evidence as timed steps.
 * Uses Allure's runtime API only (no AspectJ weaving).
 */
final class AllureReporting {

    private static final Set<String> REPLACED = Set.of("parentSuite", "suite", "subSuite", "epic", "feature", "story", "severity");

    private AllureReporting() {
    }

    static void describe(Requirement r, String specBaseUrl) {
        AllureLifecycle lifecycle = Allure.getLifecycle();
        if (lifecycle.getCurrentTestCase().isEmpty()) {
            return; // no Allure listener in this run
        }
        lifecycle.updateTestCase(tc -> {
            tc.getLabels().removeIf(l -> REPLACED.contains(l.getName()));
            tc.getLabels().add(label("parentSuite", r.pattern().title()));
            tc.getLabels().add(label("suite", r.id() + " " + r.level()));
            tc.getLabels().add(label("epic", r.pattern().title()));
            tc.getLabels().add(label("feature", r.id() + " " + r.level()));
            tc.getLabels().add(label("severity", switch (r.level()) {
                case MUST -> "critical";
                case SHOULD -> "normal";
                case MAY -> "minor";
            }));
            tc.getLabels().add(label("tag", r.level().name()));
            tc.getLabels().add(label("requirement", r.id()));
            tc.getLabels().add(label("pattern", r.pattern().id()));
            tc.getLinks().add(new Link().setName(r.id() + " in the spec").setType("requirement")
                    .setUrl(specBaseUrl + r.anchor()));
            tc.setDescription(r.title() + "\n\nSource: " + r.source()
                    + (r.check().isEmpty() ? "" : "\n\nIf this fails, check: " + r.check()));
        });
    }

    /** Steps at the start and the end of a test's evidence that keep their own attachments. */
    static final int HEAD_STEPS = 20;
    static final int TAIL_STEPS = 10;
    /** The combined attachment of the steps in between is cut here. */
    static final int COMBINED_MAX_CHARS = 512 * 1024;

    /**
     * Each evidence entry becomes a passed step with its real start and end times. The first and last steps carry
     * their texts as attachments; those in between (a workload's hundreds of exchanges) stay as timed steps, and their
     * texts go into one combined attachment: the same evidence, in a report that opens quickly.
     */
    static void attach(Evidence evidence) {
        AllureLifecycle lifecycle = Allure.getLifecycle();
        if (lifecycle.getCurrentTestCase().isEmpty()) {
            return;
        }
        long t0 = evidence.startEpochMs();
        java.util.List<Evidence.Entry> entries = evidence.entries();
        StringBuilder combined = new StringBuilder();
        for (int i = 0; i < entries.size(); i++) {
            Evidence.Entry e = entries.get(i);
            boolean ownAttachments = i < HEAD_STEPS || i >= entries.size() - TAIL_STEPS;
            String uuid = UUID.randomUUID().toString();
            StepResult step = new StepResult().setName("+" + e.startMs() + " ms  " + e.title()).setStatus(Status.PASSED);
            lifecycle.startStep(uuid, step);
            if (ownAttachments) {
                e.attachments().forEach((name, text) ->
                        lifecycle.addAttachment(name, "text/plain", ".txt", text.getBytes(StandardCharsets.UTF_8)));
            } else if (combined.length() < COMBINED_MAX_CHARS) {
                combined.append("=== +").append(e.startMs()).append(" ms  ").append(e.title()).append('\n');
                e.attachments().forEach((name, text) -> combined.append("--- ").append(name).append('\n').append(text).append("\n\n"));
            }
            lifecycle.stopStep(uuid);
            // startStep and stopStep stamp "now"; the step keeps the times it really happened
            step.setStart(t0 + e.startMs()).setStop(t0 + e.endMs());
        }
        if (!combined.isEmpty()) {
            String text = combined.length() > COMBINED_MAX_CHARS
                    ? combined.substring(0, COMBINED_MAX_CHARS) + "\n… [cut at " + COMBINED_MAX_CHARS + " characters]" : combined.toString();
            Allure.addAttachment("steps " + (HEAD_STEPS + 1) + " to " + (entries.size() - TAIL_STEPS) + ", their texts",
                    "text/plain", text, ".txt");
        }
        if (evidence.dropped() > 0) {
            Allure.step(evidence.dropped() + " further entries not kept (evidence is bounded)");
        }
    }

    private static Label label(String name, String value) {
        return new Label().setName(name).setValue(value);
    }
}
