package io.ipc4j.examples;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two threads add items to a total while a third, looping forever, takes 3 away whenever
 * the total passes 5. Whether the program ends when the creators are done depends only on
 * whether the limiter is a daemon thread: a daemon limiter dies with the program; a
 * non-daemon one keeps it alive for ever.
 *
 * <p>Twins seed 000, "Demo 5 - 7, Daemon Threads" ({@code creates_items_1},
 * {@code creates_items_2}, {@code limits_items}, with and without {@code daemon=True}; the
 * 1 s sleeps scaled down by {@code --delay-ms}). The program runs in a JVM of its own,
 * whose {@code main} returns after printing "End of Program", so that only the JVM's own
 * rule decides when it exits: it exits when no non-daemon thread is left, as CPython's
 * interpreter does. The non-daemon run is bounded: after {@code --bound-ms} the JVM still
 * runs, and is killed. Without a global interpreter lock, {@code total += 1} from two
 * threads is a real data race, so the total is an {@link AtomicInteger}.
 */
@Command(name = "daemon-threads", mixinStandardHelpOptions = true,
        description = "A daemon limiter thread does not keep the program alive; a non-daemon one does "
                + "(seed 000, threading).")
public final class DaemonThreads implements Callable<Integer> {
    static final String END = "---------- End of Program ----------";

    @AtLeast(0)
    @Option(names = "--delay-ms", defaultValue = "20", description = "Pause per step (default: ${DEFAULT-VALUE}).")
    long delayMs;

    @Option(names = "--non-daemon", description = "Start the limiter as a non-daemon thread (seed Demo 5 and 6).")
    boolean nonDaemon;

    @AtLeast(1)
    @Option(names = "--bound-ms", defaultValue = "2000",
            description = "How long the program may run on after \"End of Program\" (default: ${DEFAULT-VALUE}).")
    long boundMs;

    @Override
    public Integer call() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process program = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                Program.class.getName(), Boolean.toString(!nonDaemon), Long.toString(delayMs))
                .redirectErrorStream(true).start();
        System.out.println("limits_items is " + (nonDaemon ? "not " : "") + "a daemon thread");
        BufferedReader out = new BufferedReader(
                new InputStreamReader(program.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            System.out.println(line);
            if (line.equals(END)) {
                break;
            }
        }
        // what a limiter that lives on prints next is no longer of interest, but must not fill the pipe
        Thread drain = new Thread(() -> {
            try {
                out.transferTo(Writer.nullWriter());
            } catch (IOException e) {
                // the program was killed
            }
        }, "drain daemon-threads program");
        drain.setDaemon(true);
        drain.start();
        if (program.waitFor(boundMs, TimeUnit.MILLISECONDS)) {
            System.out.println("the program exited (code " + program.exitValue() + ") when its creators were done");
            return program.exitValue();
        }
        System.out.println("the program is still running " + boundMs + " ms after the end of main: "
                + "the non-daemon limiter keeps it alive; killing it");
        program.destroyForcibly().waitFor();
        return nonDaemon ? 0 : 1;
    }

    /** The seed's program, in a JVM of its own: {@code main(daemon, delayMs)}. */
    public static final class Program {
        private static final AtomicInteger TOTAL = new AtomicInteger(4);
        private static long delayMs;

        private Program() {
        }

        public static void main(String[] args) throws InterruptedException {
            delayMs = Long.parseLong(args[1]);
            Thread creator1 = new Thread(() -> createItems("creates_items_1", 10));
            Thread creator2 = new Thread(() -> createItems("creates_items_2", 7));
            Thread limitor = new Thread(Program::limitItems);
            limitor.setDaemon(Boolean.parseBoolean(args[0]));
            creator1.start();
            creator2.start();
            limitor.start();
            creator1.join();
            creator2.join();
            System.out.println(END);
        }

        private static void createItems(String name, int count) {
            for (int i = 0; i < count; i++) {
                pause();
                System.out.println(name + " : added item, total is now " + TOTAL.incrementAndGet());
            }
            System.out.println("---------- " + name + " : Done ----------");
        }

        private static void limitItems() {
            while (true) {
                if (TOTAL.get() > 5) {
                    System.out.println("limits_items : overload");
                    TOTAL.addAndGet(-3);
                    System.out.println("limits_items : subtracted 3");
                } else {
                    pause();
                    System.out.println("limits_items : waiting");
                }
            }
        }

        private static void pause() {
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
