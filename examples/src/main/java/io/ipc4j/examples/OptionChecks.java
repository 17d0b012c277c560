package io.ipc4j.examples;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import java.lang.reflect.Field;
import java.util.Collection;
import java.util.List;

/**
 * Checks the option values of the command about to run against their {@link AtLeast} bounds, before it
 * runs: picocli then reports a bad value as it reports an unparsable one, in one line naming the option,
 * and exits with 2.
 */
public final class OptionChecks {
    private OptionChecks() {
    }

    /** The execution strategy that checks, then runs the last subcommand as picocli's {@code RunLast} does. */
    static int checkThenRun(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            check(p.commandSpec());
        }
        return new CommandLine.RunLast().execute(parsed);
    }

    /** @throws ParameterException naming the first option whose value is below its bound */
    static void check(CommandSpec spec) {
        for (OptionSpec option : spec.options()) {
            if (option.userObject() instanceof Field field && field.isAnnotationPresent(AtLeast.class)) {
                long min = field.getAnnotation(AtLeast.class).value();
                Object value = option.getValue();
                if (value == null) {
                    continue; // an option left out whose default is worked out by the command
                }
                for (Object v : value instanceof Collection<?> c ? c : List.of(value)) {
                    if (v instanceof Number n && n.doubleValue() < min) {
                        throw usageError(spec, option.longestName(), "must be at least " + min + ", not " + v);
                    }
                }
            }
        }
    }

    /**
     * A usage error about one option, for the checks that relate two options: thrown from a command's
     * {@code call()}, it is reported in one line and exits with 2 as a bad single value is.
     */
    public static ParameterException usageError(CommandSpec spec, String option, String problem) {
        return new ParameterException(spec.commandLine(), option + " " + problem);
    }
}
