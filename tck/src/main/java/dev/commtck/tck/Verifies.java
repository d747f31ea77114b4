package dev.commtck.tck;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The requirement a conformance test checks, by its spec ID ({@code @Verifies("RR-PING-1")}). Each test checks
 * exactly one requirement, so that a failure names it without doubt; the requirement's level decides the verdict.
 * A build check keeps every ID here present in the spec, and every testable requirement covered by a test.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Verifies {
    String value();
}
