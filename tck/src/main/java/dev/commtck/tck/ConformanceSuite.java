package dev.commtck.tck;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.support.TckExtension;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/** Marks a class of conformance tests for one pattern; it gets the target, the evidence and the verdict rules. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(TckExtension.class)
public @interface ConformanceSuite {
    Pattern value();
}
