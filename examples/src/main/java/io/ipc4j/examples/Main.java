package io.ipc4j.examples;

import io.ipc4j.examples.cluster.Cluster;
import io.ipc4j.examples.soak.Soak;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * The {@code ipc4j-examples} command: one subcommand per seed demo, plus the
 * producer/consumer {@code cluster} and the {@code soak} run. Run
 * {@code java -jar ipc4j-examples.jar help} for the list.
 * Every subcommand exits with 0 on success, 1 when a child process or a check failed, and 2
 * on a usage error (an unparsable option value, or one below its {@link AtLeast} bound).
 */
@Command(name = "ipc4j-examples", mixinStandardHelpOptions = true, version = "ipc4j examples 0.1.0",
        description = "Java twins of Python multiprocessing demos, running on ipc4j.",
        subcommands = {
            CommandLine.HelpCommand.class,
            HelloProcess.class,
            SquareAndCube.class,
            GlobalVariableNotShared.class,
            ProcessIds.class,
            ProcessWithArguments.class,
            SquaresThroughQueue.class,
            ListThroughQueue.class,
            QueueBetweenChildren.class,
            QueuePutGet.class,
            RandomNumbersFromProcesses.class,
            OneProducerOneConsumer.class,
            ManyProducersManyConsumers.class,
            PipeToParent.class,
            PipeValueWithPids.class,
            PipeMessagesUntilEnd.class,
            PipeConversation.class,
            PipeOneWay.class,
            DepositWithdraw.class,
            PerformTransactions.class,
            ArraySquares.class,
            SquareSum.class,
            ValueAndArray.class,
            SemaphoreLimit.class,
            BoundedSemaphoreOverRelease.class,
            LockGreeting.class,
            EventWait.class,
            ConditionFibonacci.class,
            ThreadsSquareCube.class,
            DaemonThreads.class,
            TimerHello.class,
            ThreadJoin.class,
            ThreadHello.class,
            ThreadCalc.class,
            ThreadSharedDict.class,
            SerialSquares.class,
            PoolSquares.class,
            PoolWorkLog.class,
            PoolApplyAsync.class,
            PoolCounters.class,
            PoolMapReduce.class,
            PoolProducersConsumers.class,
            PoolPerformance.class,
            ManagerFibonacci.class,
            ManagerRecords.class,
            Cluster.class,
            Soak.class,
        })
public final class Main implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "On an error, print its stack trace too.")
    boolean verbose;

    /** Without a subcommand there is nothing to run: show the usage and fail as a usage error does. */
    @Override
    public Integer call() {
        spec.commandLine().usage(System.err);
        return CommandLine.ExitCode.USAGE;
    }

    /**
     * The command line with its error handling: a bad option or an error in a demo (a
     * setting with a bad value, say) prints one line naming it and exits non-zero; with
     * {@code --verbose}, the stack trace follows.
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionStrategy(OptionChecks::checkThenRun);
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println(cmd.getCommandName() + ": " + ex.getMessage() + " (try '"
                    + cmd.getCommandSpec().qualifiedName() + " --help')");
            return CommandLine.ExitCode.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println(cmd.getCommandName() + ": " + describe(ex));
            if (parsed.originalArgs().contains("--verbose")) {
                ex.printStackTrace(cmd.getErr());
            }
            return CommandLine.ExitCode.SOFTWARE;
        });
        return cl;
    }

    /** The exception and its causes on one line: their messages say which setting or value is wrong. */
    private static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            sb.append(sb.length() == 0 ? "" : "; caused by ").append(c.getClass().getSimpleName());
            if (c.getMessage() != null) {
                sb.append(": ").append(c.getMessage().lines().findFirst().orElse(""));
            }
        }
        return sb.toString();
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
