package io.ipc4j.examples;

import io.ipc4j.ChildProcess;
import io.ipc4j.Context;
import picocli.CommandLine.Command;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * A child changes a "global" (a static field) and the parent never sees the change: each
 * process has its own copy, in a JVM as after CPython's fork or spawn.
 *
 * <p>Twins seed 000, "MultiProcessing Demo 2 - Store the result in a global variable"
 * ({@code square_result}), and seed 002, "Process example" (the {@code data} dict).
 */
@Command(name = "global-variable", mixinStandardHelpOptions = true,
        description = "Show that a child's change to a static field does not reach the parent (seeds 000, 002).")
public final class GlobalVariableNotShared implements Callable<Integer> {
    static final List<Long> SQUARE_RESULT = new ArrayList<>();
    static final Map<String, Boolean> DATA = new HashMap<>();

    @Override
    public Integer call() {
        ArrayList<Long> arr = new ArrayList<>(List.of(2L, 3L, 8L, 16L));
        try (Context mp = Context.create(); Children.Ending ending = Children.endOnExit(mp)) {
            ChildProcess p1 = mp.process(GlobalVariableNotShared::calcSquare, arr).start();
            int exit = Children.joinAll(p1);
            System.out.println("Done!");
            System.out.println("Outside the process - square_result : " + SQUARE_RESULT);
            System.out.println("Outside the process - data : " + DATA);
            return exit;
        }
    }

    static void calcSquare(List<Long> numbers) {
        for (long n : numbers) {
            System.out.println("square " + n * n);
            SQUARE_RESULT.add(n * n);
        }
        DATA.put("Status", true);
        System.out.println("Inside the process - square_result : " + SQUARE_RESULT);
        System.out.println("Inside the process - data : " + DATA);
    }
}
