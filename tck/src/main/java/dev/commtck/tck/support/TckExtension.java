package dev.commtck.tck.support;

import dev.commtck.spec.Catalogue;
import dev.commtck.spec.Level;
import dev.commtck.spec.Requirement;
import dev.commtck.tck.ConformanceSuite;
import dev.commtck.tck.TckSettings;
import dev.commtck.tck.Verifies;
import java.lang.reflect.Method;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

/**
 * Runs every conformance test the same way: it gives the test its {@link Target}, records the evidence, labels the
 * test with its requirement, and turns what the test threw into a verdict that the requirement's level decides.
 *
 * <ul>
 *   <li>an assertion failure on a MUST (or on an offered MAY) stays a failure: FAIL;</li>
 *   <li>an assertion failure on a SHOULD becomes a {@link ShouldViolation} (an aborted test): WARN, unless strict;</li>
 *   <li>{@link NotApplicable} passes through: N/A;</li>
 *   <li>anything else means the kit could not evaluate: ERROR.</li>
 * </ul>
 */
public final class TckExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver,
        TestExecutionExceptionHandler {

    /** The report entry in which a test's last request is published ({@code POST https://host/api/hello}). */
    public static final String LAST_REQUEST = "commtck.last-request";

    /** Base of the links from a report to the spec; the runner points it at the spec it copies next to the report. */
    public static final String SPEC_URL = TckSettings.PREFIX + "spec.url";

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(TckExtension.class);

    /** Key of the run-wide note that the target stopped answering; later checks are not evaluated. */
    private static final String TARGET_DOWN = "target-down";

    /** The kit's own delay in a test from which the report mentions it. */
    static final long NOTEWORTHY_DELAY_MS = 50;

    /** After this many checks of one pattern in a row time out, its endpoints are taken to hang. */
    static final int TIMEOUTS_BEFORE_GIVING_UP = 3;

    @Override
    public void beforeEach(ExtensionContext context) {
        String down = context.getRoot().getStore(NS).get(TARGET_DOWN, String.class);
        if (down != null) {
            throw new EvaluationError("not evaluated: " + down);
        }
        Requirement r = requirement(context);
        if (timeoutsInARow(context, r).get() >= TIMEOUTS_BEFORE_GIVING_UP) {
            throw new EvaluationError("not evaluated: the last " + TIMEOUTS_BEFORE_GIVING_UP + " checks of "
                    + r.pattern().id() + " timed out, so its endpoints are taken to hang and its remaining checks are"
                    + " not run (each would wait out its own timeout)");
        }
        AllureReporting.describe(r, context.getConfigurationParameter(SPEC_URL).orElse("spec/"));
        Evidence evidence = new Evidence(settings(context).endpoint().redactor());
        context.getStore(NS).put(Evidence.class, evidence);
        context.getStore(NS).put(Target.class, new Target(settings(context), evidence));
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (context.getExecutionException().isEmpty()) {
            timeoutsInARow(context, requirement(context)).set(0);
        }
        Target target = context.getStore(NS).remove(Target.class, Target.class);
        if (target != null) {
            target.close();
        }
        Evidence evidence = context.getStore(NS).remove(Evidence.class, Evidence.class);
        if (evidence != null) {
            long lost = evidence.kitLostBetween(0, evidence.now());
            if (lost >= NOTEWORTHY_DELAY_MS) {
                evidence.note("the kit itself could not run for " + lost + " ms of this test (a busy machine, or a garbage"
                        + " collection): its waits allowed for that much");
            }
            AllureReporting.attach(evidence);
            if (!evidence.lastRequest().isEmpty()) {
                context.publishReportEntry(LAST_REQUEST, evidence.lastRequest());
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Target.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NS).get(Target.class, Target.class);
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        if (thrown instanceof TestAbortedException) {
            Evidence evidence = context.getStore(NS).get(Evidence.class, Evidence.class);
            if (evidence != null) {
                evidence.note(thrown.getMessage()); // why nothing (more) was checked belongs in the report too
            }
            throw thrown;
        }
        Requirement r = requirement(context);
        if (thrown instanceof TimeoutFailure) {
            timeoutsInARow(context, r).incrementAndGet();
            noteIfTargetIsDown(context);
        } else {
            timeoutsInARow(context, r).set(0);
        }
        String evidence = thrown.getMessage() != null && thrown.getMessage().contains(Expect.EXCHANGE_HEADING)
                ? "" : "\nEvidence:\n" + evidenceTail(context);
        Redactor redactor = settings(context).endpoint().redactor();
        String footer = redactor.redact(evidence) + "\nRequirement: " + r.statement()
                + (r.check().isEmpty() ? "" : "\nIf this fails, check: " + r.check())
                + "\nSpec: " + context.getConfigurationParameter(SPEC_URL).map(base -> base + r.anchor())
                .orElseGet(() -> specWithoutALink(r));
        if (thrown instanceof AssertionError failure) {
            String header = r.id() + " (" + r.level() + ") " + (r.level() == Level.SHOULD ? "is not met" : "is violated") + ". ";
            ConformanceFailure explained = failure instanceof ConformanceFailure cf
                    ? cf.explained(header, footer, redactor)
                    : new ConformanceFailure(Text.printable(header + redactor.redact(failure.getMessage()) + footer), null, null,
                            failure);
            if (r.level() == Level.SHOULD && !settings(context).strict()) {
                throw new ShouldViolation("WARN " + explained.getMessage(), thrown);
            }
            throw explained;
        }
        throw new EvaluationError(Text.printable("ERROR: the kit could not evaluate " + r.id() + ": "
                + redactor.redact(thrown.getMessage()) + footer), thrown);
    }

    /**
     * Where to read a requirement when the kit runs inside someone else's build, with no copy of the spec beside it:
     * the document and heading, the spec's version, and the command that prints it.
     */
    private static String specWithoutALink(Requirement r) {
        return r.id() + " in " + r.pattern().document() + " of CommTCK spec " + Catalogue.bundled().specVersion()
                + " (java -jar commtck.jar spec " + r.pattern().id() + " prints it)";
    }

    /**
     * After a timeout: does the target still answer at all? If not, the remaining checks of the run end at once as
     * ERROR instead of each waiting out its own timeout against a dead server.
     */
    private static void noteIfTargetIsDown(ExtensionContext context) {
        TckSettings settings = settings(context);
        Preflight.problemWith(settings.endpoint(), settings.tolerances()).ifPresent(problem ->
                context.getRoot().getStore(NS).put(TARGET_DOWN, problem + " (found after a check timed out)"));
    }

    /** Consecutive timed-out checks of the requirement's pattern in this run. */
    private static java.util.concurrent.atomic.AtomicInteger timeoutsInARow(ExtensionContext context, Requirement r) {
        return context.getRoot().getStore(NS).computeIfAbsent("timeouts-" + r.pattern().id(),
                k -> new java.util.concurrent.atomic.AtomicInteger(), java.util.concurrent.atomic.AtomicInteger.class);
    }

    private static String evidenceTail(ExtensionContext context) {
        Evidence e = context.getStore(NS).get(Evidence.class, Evidence.class);
        return e == null ? "" : e.tail(5);
    }

    /** The run's settings, read once from the configuration parameters. */
    static TckSettings settings(ExtensionContext context) {
        return context.getRoot().getStore(NS).computeIfAbsent(TckSettings.class,
                k -> TckSettings.from(context::getConfigurationParameter), TckSettings.class);
    }

    /** The requirement a test names with {@link Verifies}; it must exist and belong to the suite's pattern. */
    public static Requirement requirement(ExtensionContext context) {
        Method m = context.getRequiredTestMethod();
        Verifies v = m.getAnnotation(Verifies.class);
        if (v == null) {
            throw new IllegalStateException(m + " is a conformance test without @Verifies");
        }
        Requirement r = Catalogue.bundled().require(v.value());
        ConformanceSuite suite = context.getRequiredTestClass().getAnnotation(ConformanceSuite.class);
        if (suite != null && suite.value() != r.pattern()) {
            throw new IllegalStateException(m + " verifies " + r.id() + ", which is not a " + suite.value().id() + " requirement");
        }
        return r;
    }
}
