package io.ipc4j.examples;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The smallest value a numeric option (or each element of a list option) accepts. {@link OptionChecks}
 * checks it after parsing: a smaller value is a usage error naming the option.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface AtLeast {
    /** The smallest value allowed. */
    long value();
}
