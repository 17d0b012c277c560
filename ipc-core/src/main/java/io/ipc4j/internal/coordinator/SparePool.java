package io.ipc4j.internal.coordinator;

import io.ipc4j.internal.process.ChildClassPath;
import io.ipc4j.internal.process.ChildLauncher;
import io.ipc4j.internal.process.ChildTokens;
import io.ipc4j.internal.process.ProcessRuntime;
import io.ipc4j.internal.server.ChildRegistry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Child JVMs started ahead of need: each boots, dials back and waits for a target, so
 * that starting a process costs a message instead of a JVM start. Taken spares are
 * replaced in the background.
 */
public final class SparePool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SparePool.class);

    /** A started child that has no target yet. */
    public record Spare(String token, ChildLauncher.Launched launched) {
    }

    /** The context's own count ({@code ipc4j.child.spares}) plus what open pools asked for. */
    private int size;
    private final ChildRegistry registry;
    private final Function<String, ChildLauncher.Launched> launcher;
    private final Deque<Spare> spares = new ArrayDeque<>();
    /** A JVM boot takes a core for a good part of a second: let the child just started have it first. */
    private static final long REFILL_DELAY_MILLIS = 500;

    private final ScheduledExecutorService refiller;
    /** Made once: a method reference made where a spare is taken would be linked by the first start. */
    private final Runnable refillTask = this::refill;
    private boolean closed;

    /**
     * @param launcher starts a child JVM that will dial back with the given token
     */
    public SparePool(int size, ChildRegistry registry, Function<String, ChildLauncher.Launched> launcher) {
        this.size = size;
        this.registry = registry;
        this.launcher = launcher;
        this.refiller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ipc4j-spares");
            t.setDaemon(true);
            return t;
        });
        if (size > 0) {
            refiller.execute(refillTask);
        }
    }

    /**
     * Takes a live spare whose class path {@code fits}, preferring one that is ready, then
     * one that has dialed back and is still warming up (it stops warming up when it gets the
     * target), then one still booting; null when there is none. Spares that do not fit stay
     * for later starts.
     * A spare started before this process gained or lost a context would reach the wrong
     * set of coordinators: it is ended instead.
     */
    public synchronized Spare take(Predicate<ChildClassPath> fits) {
        boolean dropped = dropDead();
        Set<String> reachableNow = ProcessRuntime.get().contextIds();
        List<Spare> stale = spares.stream().filter(s -> !s.launched().reachable().equals(reachableNow)).toList();
        for (Spare s : stale) {
            removeSpare(s);
            s.launched().process().destroy();
            s.launched().process().onExit().thenRun(() -> registry.forget(s.token()));
        }
        if (!stale.isEmpty() || dropped) {
            refillLater();
        }
        List<Spare> fitting = spares.stream().filter(s -> fits.test(s.launched().classPath())).toList();
        Spare pick = fitting.stream().filter(s -> registry.isReady(s.token())).findFirst()
                .or(() -> fitting.stream().filter(s -> registry.isWaiting(s.token())).findFirst())
                .orElse(fitting.isEmpty() ? null : fitting.get(0));
        if (pick != null) {
            removeSpare(pick);
            refillLater();
        }
        return pick;
    }

    /**
     * Drops, with this pool's lock held, the spares whose process has ended before
     * {@link #ended} removed them (it runs a moment after the JDK sees the exit); whether
     * there were any.
     */
    private boolean dropDead() {
        boolean dropped = false;
        for (Iterator<Spare> it = spares.iterator(); it.hasNext(); ) {
            Spare s = it.next();
            if (!s.launched().process().isAlive()) {
                it.remove();
                registry.forget(s.token());
                dropped = true;
            }
        }
        return dropped;
    }

    /**
     * Removes {@code spare} itself, if it is still here: a record's {@code equals} would
     * compare every component, and a JVM's first call of it links a bootstrap method under
     * the first start.
     */
    private boolean removeSpare(Spare spare) {
        for (Iterator<Spare> it = spares.iterator(); it.hasNext(); ) {
            if (it.next() == spare) {
                it.remove();
                return true;
            }
        }
        return false;
    }

    /**
     * Keeps {@code n} more spares until the returned handle is closed (a pool built with
     * {@code warm(true)}, for its workers and their replacements); they start now, in the
     * background. Closing it ends spares beyond the count that is left.
     */
    public AutoCloseable reserve(int n) {
        synchronized (this) {
            if (closed) {
                return () -> { };
            }
            size += n;
        }
        refiller.execute(refillTask);
        java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                release(n);
            }
        };
    }

    private void release(int n) {
        List<Spare> surplus = new ArrayList<>();
        synchronized (this) {
            size -= n;
            while (spares.size() > size) {
                surplus.add(spares.pollLast());
            }
        }
        for (Spare s : surplus) {
            s.launched().process().destroy();
            s.launched().process().onExit().thenRun(() -> registry.forget(s.token()));
        }
    }

    private void refillLater() {
        try {
            refiller.schedule(refillTask, REFILL_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closedMeanwhile) {
            // no spares are kept any more
        }
    }

    private void refill() {
        while (true) {
            String token;
            synchronized (this) {
                dropDead();
                if (closed || spares.size() >= size) {
                    return;
                }
                token = ChildTokens.next();
                registry.expect(token);
            }
            try {
                Spare spare = new Spare(token, launcher.apply(token));
                synchronized (this) {
                    if (closed) {
                        spare.launched().process().destroyForcibly();
                        return;
                    }
                    spares.add(spare);
                }
                // (This also links the JDK's exit-completion path here, not in a start.)
                spare.launched().process().onExit().thenRun(() -> ended(spare));
            } catch (RuntimeException e) {
                registry.forget(token);
                LOG.warn("cannot start a spare child JVM: {}", e.getMessage());
                return;
            }
        }
    }

    /**
     * A spare's process ended. Taken, it was a child like any other; else it is dropped, and
     * replaced if it had dialed back (killed, say). One that ended before it dialed back
     * could not start: another would most likely fail the same way, and the next start
     * launches a JVM of its own, which reports why.
     */
    private void ended(Spare spare) {
        boolean replace;
        synchronized (this) {
            if (closed || !removeSpare(spare)) {
                return;
            }
            replace = registry.dialedBack(spare.token());
        }
        registry.forget(spare.token());
        if (replace) {
            LOG.debug("spare child {} ended before it had a target; replacing it", spare.launched().process().pid());
            refillLater();
        } else {
            LOG.warn("a spare child JVM (pid {}) ended with exit status {} before it dialed back; it is not replaced",
                    spare.launched().process().pid(), spare.launched().process().exitValue());
        }
    }

    /**
     * Waits until every spare has dialed back, warmed up and waits for a target.
     *
     * @return whether they all did in time
     */
    public boolean awaitReady(long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            synchronized (this) {
                if (spares.size() >= size && spares.stream().allMatch(s -> registry.isReady(s.token()))) {
                    return true;
                }
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(5);
        }
    }

    /** Ends the spares no one took. */
    @Override
    public void close() {
        List<Spare> left;
        synchronized (this) {
            closed = true;
            left = new ArrayList<>(spares);
            spares.clear();
        }
        refiller.shutdownNow();
        try {
            refiller.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            left.addAll(spares);
            spares.clear();
        }
        for (Spare s : left) {
            s.launched().process().destroy();
        }
        for (Spare s : left) {
            try {
                if (!s.launched().process().waitFor(5, TimeUnit.SECONDS)) {
                    s.launched().process().destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            registry.forget(s.token());
        }
    }
}
