package dev.commtck.tck.runner;

import dev.commtck.tck.Verifies;
import java.util.Set;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.PostDiscoveryFilter;

/** Keeps only the tests that verify the given requirements ({@code --requirements RR-PING-1,RR-TRIM-1}). */
final class RequirementFilter implements PostDiscoveryFilter {

    private final Set<String> ids;

    RequirementFilter(Set<String> ids) {
        this.ids = Set.copyOf(ids);
    }

    @Override
    public FilterResult apply(TestDescriptor descriptor) {
        return descriptor.getSource().filter(MethodSource.class::isInstance)
                .map(s -> ((MethodSource) s).getJavaMethod().getAnnotation(Verifies.class))
                .map(v -> FilterResult.includedIf(ids.contains(v.value()), () -> "verifies " + v.value(),
                        () -> "verifies " + v.value() + ", not one of " + ids))
                .orElse(FilterResult.included("not a conformance test method"));
    }
}
