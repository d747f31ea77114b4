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

    /** Each evidence entry becomes a passed step with its real start and end times, and its texts as attachments. */
    static void attach(Evidence evidence) {
        AllureLifecycle lifecycle = Allure.getLifecycle();
        if (lifecycle.getCurrentTestCase().isEmpty()) {
            return;
        }
        long t0 = evidence.startEpochMs();
        for (Evidence.Entry e : evidence.entries()) {
            String uuid = UUID.randomUUID().toString();
            StepResult step = new StepResult().setName("+" + e.startMs() + " ms  " + e.title())
                    .setStatus(Status.PASSED);
            lifecycle.startStep(uuid, step);
            e.attachments().forEach((name, text) ->
                    lifecycle.addAttachment(name, "text/plain", ".txt", text.getBytes(StandardCharsets.UTF_8)));
            lifecycle.stopStep(uuid);
            // startStep and stopStep stamp "now"; the step keeps the times it really happened
            step.setStart(t0 + e.startMs()).setStop(t0 + e.endMs());
        }
        if (evidence.dropped() > 0) {
            Allure.step(evidence.dropped() + " further entries not kept (evidence is bounded)");
        }
    }

    private static Label label(String name, String value) {
        return new Label().setName(name).setValue(value);
    }
}
