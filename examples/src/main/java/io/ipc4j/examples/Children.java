package io.ipc4j.examples;

import io.ipc4j.ChildProcess;
import io.ipc4j.Context;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Waiting for child processes and turning their exit codes into the demo's exit code. When one side of a
 * demo fails, the others are ended at once instead of being left waiting for it.
 */
public final class Children {
    /** How long a demo waits for anything (a child, a queue item, a pipe message) before giving up. */
    public static final Duration WAIT = Duration.ofSeconds(60);

    /** How long an ended child has to exit after SIGTERM before it is killed. */
    private static final Duration GRACE = Duration.ofSeconds(2);

    private Children() {
    }

    /** {@link #joinAll(List)} for the given children. */
    public static int joinAll(ChildProcess... children) {
        return joinAll(Arrays.asList(children));
    }

    /**
     * Joins every child, in the order they end, for at most {@link #WAIT} in all. The first child that
     * fails is named on stderr (its own stack trace is already there) and the others are ended, since
     * they may be waiting for it; children still running after {@link #WAIT} are killed.
     *
     * @return 0 when every child exited with 0, otherwise 1
     */
    public static int joinAll(List<ChildProcess> children) {
        BlockingQueue<ChildProcess> ended = new LinkedBlockingQueue<>();
        for (ChildProcess child : children) {
            Thread joiner = new Thread(() -> {
                try {
                    child.join();
                } finally {
                    ended.add(child);
                }
            }, "join " + child.name());
            joiner.setDaemon(true);
            joiner.start();
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        for (int left = children.size(); left > 0; left--) {
            ChildProcess child = poll(ended, deadline - System.nanoTime());
            if (child == null) {
                System.err.println("processes still running after " + WAIT.toSeconds() + " s: "
                        + names(running(children)) + "; killing them");
                running(children).forEach(ChildProcess::kill);
                return 1;
            }
            int code = child.exitCode().orElse(-1);
            if (code != 0) {
                List<ChildProcess> others = running(children);
                System.err.println("process " + child.name() + " failed with exit code " + code
                        + (others.isEmpty() ? "" : "; ending " + names(others)));
                end(others);
                return 1;
            }
        }
        return 0;
    }

    /**
     * Waits until {@code ready} holds, checking every few milliseconds, but stops as soon as one of the
     * children has ended (it failed before getting there) or after {@link #WAIT}.
     *
     * @return whether {@code ready} holds; if not, {@link #joinAll(List)} reports why
     */
    public static boolean awaitOrEnded(BooleanSupplier ready, List<ChildProcess> children)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!ready.getAsBoolean()) {
            if (children.stream().anyMatch(c -> !c.isAlive()) || System.nanoTime() > deadline) {
                return ready.getAsBoolean();
            }
            Thread.sleep(5);
        }
        return true;
    }

    /** Ends children that are still running, after a failure elsewhere. */
    public static void terminateAll(List<ChildProcess> children) {
        for (ChildProcess child : children) {
            child.terminate();
        }
    }

    /**
     * For a try-with-resources after the context: when the main process leaves the block early (it
     * threw), the children still running are ended, instead of the context's {@code close()} waiting
     * for children that may be waiting for the main process.
     */
    public static Ending endOnExit(Context mp) {
        return () -> {
            List<ChildProcess> left = running(mp.activeChildren()).stream().filter(c -> !c.isDaemon()).toList();
            if (!left.isEmpty()) {
                System.err.println("the main process stopped early; ending " + names(left));
                end(left);
            }
        };
    }

    /** What {@link #endOnExit(Context)} returns: closing it ends the children left running. */
    public interface Ending extends AutoCloseable {
        @Override
        void close();
    }

    private static void end(List<ChildProcess> children) {
        terminateAll(children);
        for (ChildProcess child : children) {
            if (!child.join(GRACE)) {
                child.kill();
                child.join();
            }
        }
    }

    private static ChildProcess poll(BlockingQueue<ChildProcess> ended, long nanos) {
        try {
            return ended.poll(Math.max(0, nanos), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static List<ChildProcess> running(List<ChildProcess> children) {
        return children.stream().filter(ChildProcess::isAlive).toList();
    }

    private static String names(List<ChildProcess> children) {
        return String.join(", ", children.stream().map(ChildProcess::name).toList());
    }
}
