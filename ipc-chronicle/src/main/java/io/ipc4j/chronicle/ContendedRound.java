package io.ipc4j.chronicle;

import io.ipc4j.QueueEmptyException;
import io.ipc4j.internal.wire.ObjectCodec;
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
 * write lock now and then until the handle's put pauses for it; then the two takers take
 * everything, in rounds that both begin at once.
 */
final class ContendedRound {
    /** The other appender holds the write lock at every this many of its appends... */
    private static final int HOLD_EVERY = 64;
    /** ...until the handle's put pauses for it, this long at most. */
    private static final long MAX_HOLD_NANOS = 2_000_000;
    /** How long a taker spins for the other to end or begin a round before it yields. */
    private static final long SPIN_NANOS = 2_000_000;
    /** Rounds of items the second step puts and takes after it took the first step's, and how many items each. */
    private static final int REFILLS = 8;
    private static final int REFILL = 128;
    /** How often the threads of the round look whether it is to stop. */
    private static final int CHECK_EVERY = 64;

    /**
     * What the round did: how many items it put, how many each taker took, how many times the
     * handle's put paused for the lock the other appender held, and how many claims the other
     * taker lost.
     */
    record Outcome(int items, int byGet, int byRival, int putsThatWaited, int lostByRival) {
    }

    private final ChronicleQueueHandle<Integer> q;
    private final QueueFiles files;
    private final BooleanSupplier stopped;
    private final long deadline;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicReference<Throwable> failed = new AtomicReference<>();
    private final List<Thread> threads = new ArrayList<>();

    private ContendedRound(ChronicleQueueHandle<Integer> q, Duration bound, BooleanSupplier stopped) {
        this.q = q;
        this.files = q.attachedFiles();
        this.stopped = stopped;
        this.deadline = System.nanoTime() + bound.toNanos();
    }

    /**
     * Puts {@code itemsEach} items through the handle and as many through another appender, then
     * takes them all, and more, through the handle and another taker. Its threads have ended when
     * it returns or throws.
     *
     * @param stopped says when to give up: the context closes, or the queue's files went
     * @throws IllegalStateException when stopped, when a thread of the round failed, or when the
     *         round took longer than {@code bound}
     */
    static Outcome run(ChronicleQueueHandle<Integer> q, int itemsEach, Duration bound, BooleanSupplier stopped) {
        ContendedRound round = new ContendedRound(q, bound, stopped);
        try {
            int putsThatWaited = round.put(itemsEach);
            return round.take(2 * itemsEach, putsThatWaited);
        } finally {
            round.end();
        }
    }

    /** The first step; returns how many times the handle's put paused for the lock. */
    private int put(int itemsEach) {
        CountDownLatch holding = new CountDownLatch(1);
        AtomicBoolean putsDone = new AtomicBoolean();
        AtomicInteger putsThatWaited = new AtomicInteger();
        start("contended-put", () -> {
            try {
                await(holding);
                for (int i = 0; i < itemsEach && !toStop(i); i++) {
                    q.put(i, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                }
            } finally {
                putsDone.set(true);
            }
        });
        start("contended-rival-put", () -> appendAsRival(itemsEach, holding, putsDone, putsThatWaited));
        for (Thread t : threads) {
            join(t, deadline);
            checkGoingOn();
            if (t.isAlive()) {
                throw new IllegalStateException("the warm-up's contended round did not put its items in time");
            }
        }
        return putsThatWaited.get();
    }

    /** The second step: takes what the first put, and {@value #REFILLS} rounds of {@value #REFILL} items more. */
    private Outcome take(int items, int putsThatWaited) {
        AtomicInteger round = new AtomicInteger();
        AtomicInteger rivalDone = new AtomicInteger();
        AtomicInteger byRival = new AtomicInteger();
        AtomicInteger lostByRival = new AtomicInteger();
        start("contended-rival-take", () -> takeAsRival(round, rivalDone, byRival, lostByRival));
        int byGet = 0;
        for (int r = 1; r <= 1 + REFILLS; r++) {
            if (r > 1) {
                for (int i = 0; i < REFILL; i++) {
                    q.put(i, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                }
                items += REFILL;
            }
            round.set(r); // the other taker, spinning, begins with this one
            while (true) {
                try {
                    q.getNowait();
                    byGet++;
                } catch (QueueEmptyException e) {
                    break;
                }
            }
            int done = r;
            spinUntil(() -> rivalDone.get() >= done || failed.get() != null || System.nanoTime() - deadline > 0);
            checkGoingOn();
            if (rivalDone.get() < r) {
                throw new IllegalStateException("the warm-up's contended round did not take its items in time");
            }
        }
        return new Outcome(items, byGet, byRival.get(), putsThatWaited, lostByRival.get());
    }

    /**
     * Appends Integers through an appender of its own, and at every {@value #HOLD_EVERY}th, while
     * the handle's put still puts, holds the write lock until that put pauses for it.
     */
    private void appendAsRival(int items, CountDownLatch holding, AtomicBoolean putsDone,
                               AtomicInteger putsThatWaited) {
        ExcerptAppender rival = files.queue.createAppender();
        try {
            for (int i = 0; i < items && !toStop(i); i++) {
                boolean hold = i % HOLD_EVERY == 0 && !putsDone.get();
                long stamp = files.enter();
                try (DocumentContext dc = rival.writingDocument()) {
                    if (BoxedInts.enabled()) {
                        BoxedInts.write(dc.wire().bytes(), i);
                    } else {
                        dc.wire().bytes().write(ObjectCodec.toBytes(i));
                    }
                    if (hold) {
                        holding.countDown();
                        if (holdUntilAPutPauses(putsDone)) {
                            putsThatWaited.incrementAndGet();
                        }
                    }
                } finally {
                    files.exit(stamp);
                }
                files.appended(); // outside the handle's append lock: a count may miss it and look again 10 ms later
            }
        } finally {
            holding.countDown();
            files.whileMapped(() -> {
                rival.close();
                return null;
            });
        }
    }

    /** Whether a put paused for the write lock, in {@value #MAX_HOLD_NANOS} ns at most, before the puts ended. */
    private static boolean holdUntilAPutPauses(AtomicBoolean putsDone) {
        int pauses = WriteLockPauser.pauses();
        long start = System.nanoTime();
        while (!putsDone.get() && System.nanoTime() - start < MAX_HOLD_NANOS) {
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
    private void takeAsRival(AtomicInteger round, AtomicInteger done, AtomicInteger taken, AtomicInteger lost) {
        Takes rival = files.whileMapped(() -> new Takes(files));
        try {
            for (int r = 1; !stop.get(); r++) {
                int next = r;
                spinUntil(() -> round.get() >= next || stop.get());
                while (!stop.get()) {
                    long stamp = files.enter();
                    Object item;
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
        } finally {
            files.whileMapped(() -> {
                rival.close();
                return null;
            });
        }
    }

    /** Whether a thread of the round should end now (looked at every {@value #CHECK_EVERY}th item). */
    private boolean toStop(int item) {
        return stop.get() || item % CHECK_EVERY == 0 && stopped.getAsBoolean();
    }

    /** Throws when the round must not go on: stopped, a thread failed, or past its time. */
    private void checkGoingOn() {
        Throwable f = failed.get();
        if (f != null) {
            throw new IllegalStateException("a thread of the warm-up's contended round failed", f);
        }
        if (stopped.getAsBoolean()) {
            throw new IllegalStateException("the warm-up's contended round was stopped, or its files went");
        }
    }

    /** Spins until {@code done}, yielding once it has spun {@value #SPIN_NANOS} ns. */
    private static void spinUntil(BooleanSupplier done) {
        long start = System.nanoTime();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - start < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    private void start(String name, Runnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) { // Chronicle throws checked exceptions it does not declare
                failed.compareAndSet(null, e);
            }
        }, "ipc4j-chronicle-warm-up-" + name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    private void await(CountDownLatch latch) {
        try {
            if (!latch.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException("the warm-up's contended round did not begin in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted in the warm-up's contended round", e);
        }
    }

    /** Stops the round's threads and waits for them (a put one makes later could make the files again). */
    private void end() {
        stop.set(true);
        long until = Math.max(deadline, System.nanoTime()) + TimeUnit.SECONDS.toNanos(1);
        for (Thread t : threads) {
            join(t, until);
        }
    }

    private static void join(Thread t, long until) {
        try {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
