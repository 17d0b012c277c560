package io.ipc4j.examples;

import io.ipc4j.ChildProcess;
import io.ipc4j.Context;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * One process per argument: each child receives a continent's name and prints it.
 *
 * <p>Twins seed 004, "Process" ({@code print_func(continent)} with
 * {@code args=(name,)} for America, Europe and Africa).
 */
@Command(name = "continents", mixinStandardHelpOptions = true,
        description = "Start one process per continent, passing the name as an argument (seed 004).")
public final class ProcessWithArguments implements Callable<Integer> {
    @Option(names = "--names", split = ",", defaultValue = "America,Europe,Africa",
            description = "Names to pass, one process each (default: ${DEFAULT-VALUE}).")
    List<String> names;

    @Override
    public Integer call() {
        try (Context mp = Context.create(); Children.Ending ending = Children.endOnExit(mp)) {
            List<ChildProcess> procs = new ArrayList<>();
            for (String name : names) {
                procs.add(mp.process(ProcessWithArguments::printFunc, name).start());
            }
            return Children.joinAll(procs);
        }
    }

    static void printFunc(String continent) {
        System.out.println("The name of continent is : " + continent);
    }
}
