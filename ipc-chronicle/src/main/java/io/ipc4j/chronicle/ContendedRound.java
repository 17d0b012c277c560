package io.ipc4j.chronicle;

import io.ipc4j.QueueEmptyException;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * A round of the warm-up in which a queue is shared as several processes share one: two
 * appenders and two takers of this process compete for it. Warmed up by one appender and one
 * taker, the JIT compiled the branches of contention out (Chronicle's write lock found held,
 * an appender finding another's excerpts past its own, a claim lost to another consumer), and
 * a queue with two producer and two consumer processes threw that code out at its first
 * contention, and ran slower while it compiled it again. The first appender and taker are the
 * handle's own {@code put} and {@code get}, whose profiles the JIT uses wherever it compiles
 * them; the others are this class's.
 *
 * <p>Put and taken at once, two appenders and two takers of one process seldom meet (their
 * threads share two cores with the compiler's, and a lock is held for a fraction of a
 * microsecond), so the round goes in two steps that make them: the other appender holds the
 * write lock now and then until the handle's put waits for it; then the two takers take
 * everything, neither running far ahead of the other.
 */
final class ContendedRound {
    private static final Duration POLL = Duration.ofMillis(20);
    /** The other appender holds the write lock at every this many of its appends. */
    private static final int HOLD_EVERY = 64;
    /** How long it holds it at most, waiting for the handle's put to wait; and how long a taker spins for the other. */
    private static final long MAX_WAIT_NANOS = 2_000_000;
    /** Rounds of items the second step puts and takes after it took the first step's, and how many items each. */
    private static final int REFILLS = 16;
    private static final int REFILL = 128;

    private ContendedRound() {
    }

    /**
     * What the round did: how many items each taker took, how many times the handle's put waited
     * for the lock held by the other appender, and how many claims the other taker lost.
     */
    record Shares(int byGet, int byRival, int putsThatWaited, int lostByRival) {
    }

    /**
     * Puts {@code itemsEach} items through the handle and as many through another appender, then
     * takes them all through the handle and another taker.
     *
     * @throws IllegalStateException when a thread of the round failed, or nothing moved for {@code stall}
     */
    static Shares run(ChronicleQueueHandle<Integer> q, int itemsEach, Duration stall) {
        QueueFiles files = q.attachedFiles();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        try {
            int putsThatWaited = put(q, files, itemsEach, stall, stop, failed, threads);
            return take(q, files, putsThatWaited, stall, stop, failed, threads);
        } finally {
            stop.set(true);
            for (Thread t : threads) {
                try {
                    t.join(stall.toMillis()); // a put it makes later could make the files again
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** The first step; returns how many times the handle's put waited for the lock. */
    private static int put(ChronicleQueueHandle<Integer> q, QueueFiles files, int itemsEach, Duration stall,
                           AtomicBoolean stop, AtomicReference<Throwable> failed, List<Thread> threads) {
        CountDownLatch rivalHolds = new CountDownLatch(1);
        AtomicBoolean putsDone = new AtomicBoolean();
        AtomicInteger putsThatWaited = new AtomicInteger();
        threads.add(start("put", failed, () -> {
            try {
                await(rivalHolds, stall);
                for (int i = 0; i < itemsEach && !stop.get(); i++) {
                    q.put(i, stall);
                }
            } finally {
                putsDone.set(true);
            }
        }));
        threads.add(start("rival-put", failed,
                () -> holdTheWriteLockAtTimes(files, itemsEach, rivalHolds, putsDone, putsThatWaited, stop)));
        for (Thread t : threads) {
            try {
                t.join(stall.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted in the warm-up's contended round", e);
            }
            failIfFailed(failed);
            if (t.isAlive()) {
                throw new IllegalStateException("the warm-up's contended round did not put its items within " + stall);
            }
        }
        return putsThatWaited.get();
    }

    /**
     * The second step: takes what the first put, and {@value #REFILLS} more rounds of
     * {@value #REFILL} items put through the handle, through the handle and another taker. Both
     * begin each round spinning, so that they run at once and race for the same items.
     */
    private static Shares take(ChronicleQueueHandle<Integer> q, QueueFiles files, int putsThatWaited, Duration stall,
                               AtomicBoolean stop, AtomicReference<Throwable> failed, List<Thread> threads) {
        AtomicInteger round = new AtomicInteger();
        AtomicInteger rivalDone = new AtomicInteger();
        AtomicInteger byRival = new AtomicInteger();
        AtomicInteger lostByRival = new AtomicInteger();
        threads.add(start("rival-take", failed,
                () -> takeAsRival(files, round, rivalDone, stop, byRival, lostByRival)));
        int byGet = 0;
        for (int r = 1; r <= 1 + REFILLS; r++) {
            if (r > 1) {
                for (int i = 0; i < REFILL; i++) {
                    q.put(i, stall);
                }
            }
            round.set(r);
            while (true) {
                try {
                    q.getNowait();
                    byGet++;
                } catch (QueueEmptyException e) {
                    break;
                }
            }
            int done = r;
            spinUntil(() -> rivalDone.get() >= done || failed.get() != null, stall.toNanos());
            failIfFailed(failed);
            if (rivalDone.get() < r) {
                throw new IllegalStateException("the warm-up's other taker did not end its round within " + stall);
            }
        }
        return new Shares(byGet, byRival.get(), putsThatWaited, lostByRival.get());
    }

    /** Spins (yielding after {@value #MAX_WAIT_NANOS} ns) until {@code done}, for {@code nanos} at most. */
    private static void spinUntil(BooleanSupplier done, long nanos) {
        long start = System.nanoTime();
        while (!done.getAsBoolean()) {
            long waited = System.nanoTime() - start;
            if (waited > nanos) {
                return;
            }
            if (waited < MAX_WAIT_NANOS) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    private static void failIfFailed(AtomicReference<Throwable> failed) {
        if (failed.get() != null) {
            throw new IllegalStateException("a thread of the warm-up's contended round failed", failed.get());
        }
    }

    private static Thread start(String name, AtomicReference<Throwable> failed, Runnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (RuntimeException | Error e) {
                failed.compareAndSet(null, e);
            }
        }, "ipc4j-chronicle-warm-up-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * Appends Integers through an appender of its own, and at every {@value #HOLD_EVERY}th, while
     * the handle's put still puts, holds the write lock until that put waits for it.
     */
    private static void holdTheWriteLockAtTimes(QueueFiles files, int items, CountDownLatch holds,
                                                AtomicBoolean putsDone, AtomicInteger putsThatWaited,
                                                AtomicBoolean stop) {
        ExcerptAppender rival = files.queue.createAppender();
        try {
            for (int i = 0; i < items && !stop.get(); i++) {
                boolean hold = i % HOLD_EVERY == 0 && !putsDone.get();
                long stamp = files.enter();
                try (DocumentContext dc = rival.writingDocument()) {
                    BoxedInts.write(dc.wire().bytes(), i);
                    if (hold) {
                        holds.countDown();
                        if (holdUntilAPutWaits(putsDone)) {
                            putsThatWaited.incrementAndGet();
                        }
                    }
                } finally {
                    files.exit(stamp);
                }
                files.appended(); // outside the handle's append lock: a count may miss it, in a queue nobody counts
            }
        } finally {
            holds.countDown();
            long stamp = files.enter();
            try {
                rival.close();
            } finally {
                files.exit(stamp);
            }
        }
    }

    /** Whether a put paused for the write lock, in {@value #MAX_WAIT_NANOS} ns at most, before the puts ended. */
    private static boolean holdUntilAPutWaits(AtomicBoolean putsDone) {
        int pauses = WriteLockPauser.pauses();
        long start = System.nanoTime();
        while (!putsDone.get() && System.nanoTime() - start < MAX_WAIT_NANOS) {
            if (WriteLockPauser.pauses() != pauses) {
                return true;
            }
            Thread.onSpinWait();
        }
        return false;
    }

    /**
     * Takes through a tailer of its own, claiming against the handle's {@code get}: in each round
     * that {@code round} begins, until it finds nothing; then says so in {@code done}.
     */
    private static void takeAsRival(QueueFiles files, AtomicInteger round, AtomicInteger done, AtomicBoolean stop,
                                    AtomicInteger taken, AtomicInteger lost) {
        Takes rival = new Takes(files);
        for (int r = 1; !stop.get(); r++) {
            int next = r;
            spinUntil(() -> round.get() >= next || stop.get(), Long.MAX_VALUE);
            while (!stop.get()) {
                Object item;
                long stamp = files.enter();
                try {
                    item = rival.tryTake();
                } finally {
                    files.exit(stamp);
                }
                if (item == Takes.NOTHING) {
                    break;
                } else if (item == Takes.LOST_RACE) {
                    lost.incrementAndGet();
                } else {
                    taken.incrementAndGet();
                }
            }
            done.set(r);
        }
    }

    private static void await(CountDownLatch latch, Duration stall) {
        try {
            if (!latch.await(stall.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the warm-up's contended round did not begin within " + stall);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted in the warm-up's contended round", e);
        }
    }
}
