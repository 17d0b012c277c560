package io.ipc4j.examples.soak;

import io.ipc4j.ChildProcess;
import io.ipc4j.Connection;
import io.ipc4j.Context;
import io.ipc4j.IntValue;
import io.ipc4j.Lock;
import io.ipc4j.Pipe;
import io.ipc4j.Queue;
import io.ipc4j.examples.AtLeast;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * A coordinator that runs for minutes making and dropping pipes, values, locks, arrays,
 * the other primitives and queues, some of them used by a child, and prints its heap,
 * file descriptors, threads and mappings every few seconds. At the end it compares the
 * counts with those after warm-up (the first quarter of the run) and fails if they grew.
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = "Make and drop pipes, values, locks and queues for a while; print heap, fds, threads, mappings.")
public final class Soak implements Callable<Integer> {
    static final int FD_MARGIN = 16;
    static final int THREAD_MARGIN = 8;
    static final int MAPPING_MARGIN = 64;

    @AtLeast(0)
    @Option(names = "--minutes", defaultValue = "2", description = "How long to run (default: ${DEFAULT-VALUE}).")
    double minutes;

    @AtLeast(0)
    @Option(names = "--seconds", defaultValue = "0", description = "How long to run, instead of --minutes.")
    double seconds;

    @AtLeast(0)
    @Option(names = "--every", defaultValue = "5", description = "Seconds between figures (default: ${DEFAULT-VALUE}).")
    double every;

    @Option(names = "--queues", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Also make, use and close a queue each round (default: ${DEFAULT-VALUE}).")
    boolean queues;

    @Override
    public Integer call() {
        long runNanos = (long) ((seconds > 0 ? seconds : minutes * 60) * 1e9);
        long everyNanos = (long) (every * 1e9);
        if (runNanos <= 0 || everyNanos <= 0) {
            System.err.println("need a positive --minutes (or --seconds) and --every");
            return CommandLine.ExitCode.USAGE;
        }
        try (Context mp = Context.create()) {
            Queue<Job> jobs = mp.queue();
            ChildProcess helper = mp.process(Soak::serve, jobs).name("soak-helper").daemon(true).start();
            Churn churn = new Churn(mp, jobs, queues);
            long start = System.nanoTime();
            long nextReport = start + everyNanos;
            long warmUpEnd = start + runNanos / 4;
            Figures warm = null;
            Figures last = Figures.now();
            System.out.printf(Locale.ROOT, "soak: %.0f s, figures every %.0f s (heap after a collection)%n",
                    runNanos / 1e9, everyNanos / 1e9);
            System.out.printf(Locale.ROOT, "soak t=0s rounds=0 %s%n", last);
            while (System.nanoTime() - start < runNanos) {
                churn.round();
                long now = System.nanoTime();
                if (now >= nextReport) {
                    last = Figures.now();
                    System.out.printf(Locale.ROOT, "soak t=%ds rounds=%d %s%n", (now - start) / 1_000_000_000L,
                            churn.rounds(), last);
                    if (warm == null && now >= warmUpEnd) {
                        warm = last;
                    }
                    nextReport = now + everyNanos;
                }
            }
            jobs.put(Job.STOP);
            helper.join(Duration.ofSeconds(30));
            last = Figures.now();
            System.out.printf(Locale.ROOT, "soak end rounds=%d %s%n", churn.rounds(), last);
            return verdict(warm == null ? last : warm, last);
        }
    }

    private static int verdict(Figures warm, Figures end) {
        System.out.printf(Locale.ROOT, "soak after warm-up: %s%nsoak at the end:     %s%n", warm, end);
        boolean flat = end.fds() <= warm.fds() + FD_MARGIN && end.threads() <= warm.threads() + THREAD_MARGIN
                && end.mappings() <= warm.mappings() + MAPPING_MARGIN;
        System.out.println(flat ? "soak: flat" : "soak: GREW (allowed: fds +" + FD_MARGIN + ", threads +"
                + THREAD_MARGIN + ", maps +" + MAPPING_MARGIN + ")");
        return flat ? CommandLine.ExitCode.OK : 1;
    }

    /** In the helper child: adds one to each job's value under its lock and answers on its pipe. */
    static void serve(Queue<Job> jobs) {
        while (true) {
            Job job = jobs.get();
            if (job.end() == null) {
                return;
            }
            try (var held = job.lock().acquire()) {
                job.value().set(job.value().get() + 1);
            }
            job.end().send(job.value().get());
            job.end().close();
        }
    }

    /** What the coordinator hands the helper: one end of a pipe, a value and its lock. */
    record Job(Connection end, IntValue value, Lock lock) {
        static final Job STOP = new Job(null, null, null);
    }

    /**
     * A round answered by the helper: pipe, value and lock made here, used there, dropped
     * here. The job is read after the answer came, which keeps its value and lock from
     * being freed while the helper uses them.
     */
    static void exchange(Context mp, Queue<Job> jobs, int round) {
        Pipe pipe = mp.pipe();
        Job job = new Job(pipe.right(), mp.intValue(round), mp.lock());
        jobs.put(job);
        Object answer = pipe.left().recv(Duration.ofSeconds(60));
        if (!Integer.valueOf(round + 1).equals(answer) || job.value().get() != round + 1) {
            throw new IllegalStateException("round " + round + ": the helper answered " + answer);
        }
        pipe.left().close();
    }
}
