package io.ipc4j.internal.process;

import io.ipc4j.internal.pool.PoolWorker;
import io.ipc4j.internal.wire.ObjectCodec;
import io.ipc4j.spi.ChannelTransport;
import io.ipc4j.spi.DirectChannel;
import io.ipc4j.spi.DirectListener;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * What a spare child runs before it reports ready: the first steps of a target (reading it,
 * a pipe of its own, mapping a shared-memory file, a pool worker's loop, every channel
 * transport) done once on throwaway objects, so that the target finds their classes loaded
 * and initialized instead of paying for them after {@code start()}; then a wait for the JIT
 * to compile what they made hot. Each step is best effort: a failure is logged and the real
 * use, later, reports what is wrong. A target that arrives meanwhile stops it: the steps
 * left are skipped.
 */
final class SpareWarmUp {
    private static final Logger LOG = LoggerFactory.getLogger(SpareWarmUp.class);
    private static final Duration PIPE_TIMEOUT = Duration.ofSeconds(5);
    private static final byte[] PING = {1, 2, 3, 4};
    /** How long a spare waits at most for its compilers to finish, and the window it judges that by. */
    private static final long IDLE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final long IDLE_WINDOW_MILLIS = 100;
    /** How often the idle wait looks whether a target came. */
    private static final long STOP_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private SpareWarmUp() {
    }

    /**
     * @param stop says when to stop: checked before each step, and by the queue transport's
     *             own warm-up, which can be long, as it goes
     * @return the names of the steps that completed, in order
     */
    static List<String> run(CoordinatorLink link, String contextId, java.nio.file.Path contextDir,
                            BooleanSupplier stop) {
        List<String> done = new ArrayList<>();
        step(done, stop, "codec", ObjectCodec::warmUp);
        step(done, stop, "queue transport", () -> io.ipc4j.internal.QueueTransports.prepareChild(contextId, stop));
        step(done, stop, "shared objects", () -> io.ipc4j.internal.SharedProviders.prepareChild(contextDir));
        step(done, stop, "api", SpareWarmUp::loadApi);
        step(done, stop, "targets", BoundTargets::warmUp);
        step(done, stop, "pipe", () -> pipeRoundTrip(link));
        step(done, stop, "pool worker", PoolWorker::warmUp);
        step(done, stop, "channel transports", io.ipc4j.internal.Transports::loadAll);
        step(done, stop, "idle", () -> awaitIdle(processCpuClock(), IDLE_WAIT_NANOS, stop));
        return done;
    }

    /**
     * Waits until this process uses next to no CPU, {@code maxNanos} at most, or until
     * {@code stop} says so. The steps above leave the JIT compiling what they made hot, tens
     * of milliseconds a method on a busy machine, and a target started meanwhile would share
     * the cores with it (and find code still interpreted); a target that comes does not wait
     * for it, though. A spare has nothing else to run, so its CPU time is its compilers' and
     * its collector's. Linux counts a process's CPU time in 10 ms ticks: a window of
     * {@value #IDLE_WINDOW_MILLIS} ms is idle when that time moved by at most a tenth of it.
     *
     * @param cpuNanos the process's CPU time so far, negative when this JVM cannot say
     * @return whether it saw the process idle (false: the time was up, it was stopped, or no CPU time)
     */
    static boolean awaitIdle(LongSupplier cpuNanos, long maxNanos, BooleanSupplier stop) {
        long start = System.nanoTime();
        long cpu = cpuNanos.getAsLong();
        long windowNanos = TimeUnit.MILLISECONDS.toNanos(IDLE_WINDOW_MILLIS);
        while (cpu >= 0 && System.nanoTime() - start < maxNanos) {
            long windowStart = System.nanoTime();
            long window;
            while ((window = System.nanoTime() - windowStart) < windowNanos) {
                if (stop.getAsBoolean()) {
                    return false;
                }
                LockSupport.parkNanos(Math.min(windowNanos - window, STOP_CHECK_NANOS));
            }
            long used = cpuNanos.getAsLong();
            if ((used - cpu) * 10 <= window) {
                return true;
            }
            cpu = used;
        }
        return false;
    }

    /** This process's CPU time in nanoseconds, or -1 where the JVM does not say. */
    static LongSupplier processCpuClock() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os::getProcessCpuTime : () -> -1;
    }

    private static void step(List<String> done, BooleanSupplier stop, String name, Step step) {
        if (stop.getAsBoolean()) {
            return;
        }
        try {
            step.run();
            done.add(name);
        } catch (Exception | LinkageError e) {
            LOG.debug("warming up a spare child: the {} step failed", name, e);
        }
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    /** The context class, and the classes a pipe end opened by a target goes through before it dials. */
    private static void loadApi() throws ClassNotFoundException {
        for (String c : new String[] {"io.ipc4j.Context", "io.ipc4j.internal.pipe.PipeEndpoint",
                "io.ipc4j.internal.FaultPoints", "io.ipc4j.internal.Lifetimes"}) {
            Class.forName(c, true, SpareWarmUp.class.getClassLoader());
        }
    }

    /** A pipe from this process to itself on the context's channel: listen, dial, handshake, one message each way. */
    private static void pipeRoundTrip(CoordinatorLink link) throws Exception {
        ChannelTransport transport = link.transport();
        DirectListener listener = transport.listenDirect(link.settings(), "warm-" + ProcessHandle.current().pid(),
                link.spinNanos());
        try {
            CompletableFuture<Void> dialed = CompletableFuture.runAsync(() -> {
                try {
                    DirectChannel out = transport.connectDirect(link.settings(), listener.address(),
                            link.spinNanos(), PIPE_TIMEOUT);
                    try {
                        out.send((byte) 0, PING, 0, PING.length);
                        out.receive(PIPE_TIMEOUT.toNanos());
                    } finally {
                        out.close();
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, r -> {
                Thread t = new Thread(r, "ipc4j-warm-up-dialer");
                t.setDaemon(true);
                t.start();
            });
            DirectChannel in = listener.accept(PIPE_TIMEOUT);
            try {
                DirectChannel.Message m = in.receive(PIPE_TIMEOUT.toNanos());
                if (m == null) {
                    throw new IllegalStateException("the warm-up message did not come");
                }
                in.send(m.tag(), m.body(), 0, m.body().length);
                dialed.get(PIPE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } finally {
                in.close();
            }
        } finally {
            listener.close();
        }
    }
}
