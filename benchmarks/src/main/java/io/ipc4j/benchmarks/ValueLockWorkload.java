package io.ipc4j.benchmarks;

import io.ipc4j.ChildProcess;
import io.ipc4j.Context;
import io.ipc4j.Event;
import io.ipc4j.Held;
import io.ipc4j.IntValue;
import io.ipc4j.LongArray;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * The seed's deposit/withdraw with a lock, as a throughput test: two child JVMs each
 * take the value's lock {@code n} times and add +1 (deposit) or -1 (withdraw) under it.
 * Both start on one event; the figure is {@code 2n} over the time from that event to
 * the later child's end (both clocks are CLOCK_MONOTONIC). Also measured: an
 * uncontended acquire+increment+release in one process, how long a waiter parked on
 * an {@link Event} in another JVM takes to wake after {@code set()}, and the CPU time
 * a thread spends blocked in {@code waitFor} for a second (after a first wait, which
 * pays for loading classes and opening the doorbell).
 */
public final class ValueLockWorkload {
    private ValueLockWorkload() {
    }

    /**
     * One run's figures.
     *
     * @param opsPerSecond locked increments per second, both children together
     * @param uncontendedNanos one acquire + increment + release, no contention
     * @param wakeupMicros median time from {@code set()} to the waiter's return, the waiter parked
     * @param spinningWakeupMicros the same, the waiter still in its first microseconds of spinning
     * @param waiterCpuMillis CPU time of a thread blocked for 1 s in {@code waitFor}
     */
    public record Result(double opsPerSecond, double uncontendedNanos, double wakeupMicros,
                         double spinningWakeupMicros, double waiterCpuMillis) {
    }

    public static Result run(Map<String, String> settings, int n) {
        try (Context mp = Context.create(settings)) {
            IntValue balance = mp.intValue(200);
            Event go = mp.event();
            IntValue ready = mp.intValue(0);
            LongArray ends = mp.longArray(2);
            ChildProcess deposit = mp.process(() -> account(balance, go, ready, ends, 0, n, 1)).name("deposit").start();
            ChildProcess withdraw = mp.process(() -> account(balance, go, ready, ends, 1, n, -1)).name("withdraw")
                    .start();
            awaitCount(ready, 2);
            long start = System.nanoTime();
            go.set();
            join(deposit);
            join(withdraw);
            long end = Math.max(ends.get(0), ends.get(1));
            if (balance.get() != 200) {
                throw new IllegalStateException("balance is " + balance.get() + ", not 200: the lock let updates through");
            }
            double ops = 2.0 * n / ((end - start) / 1e9);
            return new Result(ops, uncontended(balance), wakeup(mp, 60), wakeup(mp, 0), waiterCpu(mp));
        }
    }

    static void account(IntValue balance, Event go, IntValue ready, LongArray ends, int index, int n, int sign) {
        ready.addAndGet(1);
        go.waitFor();
        for (int i = 0; i < n; i++) {
            try (Held held = balance.lock().acquire()) {
                balance.set(balance.get() + sign);
            }
        }
        ends.set(index, System.nanoTime());
    }

    private static double uncontended(IntValue v) {
        int rounds = 5_000_000;
        for (int warm = 0; warm < 3; warm++) {
            for (int i = 0; i < rounds; i++) {
                try (Held held = v.lock().acquire()) {
                    v.set(v.get() + 1);
                }
            }
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            try (Held held = v.lock().acquire()) {
                v.set(v.get() + 1);
            }
        }
        return (System.nanoTime() - t0) / (double) rounds;
    }

    /** The median of {@link #wakeLatencies} over 40 rounds, in µs. */
    private static double wakeup(Context mp, int pauseMillis) {
        int rounds = 40;
        long[] latencies = wakeLatencies(mp, rounds, pauseMillis);
        Arrays.sort(latencies);
        return latencies[rounds / 2] / 1e3;
    }

    /**
     * A child waits for {@code ping}, notes when it woke, and answers on {@code pong}; ping
     * comes after {@code pauseMillis}. Returns each round's ns from the set to the wake-up, in order.
     */
    static long[] wakeLatencies(Context mp, int rounds, int pauseMillis) {
        Event ping = mp.event();
        Event pong = mp.event();
        LongArray woke = mp.longArray(rounds);
        ChildProcess waiter = mp.process(() -> {
            for (int i = 0; i < rounds; i++) {
                ping.waitFor();
                woke.set(i, System.nanoTime());
                ping.clear();
                pong.set();
            }
        }).name("waiter").start();
        long[] latencies = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            sleep(pauseMillis);
            long set = System.nanoTime();
            ping.set();
            if (!pong.waitFor(Duration.ofSeconds(60))) {
                throw new IllegalStateException("the waiter did not answer");
            }
            pong.clear();
            latencies[i] = woke.get(i) - set;
        }
        join(waiter);
        return latencies;
    }

    static double waiterCpu(Context mp) {
        LongArray cpu = mp.longArray(1);
        Event never = mp.event();
        ChildProcess waiter = mp.process(() -> {
            never.waitFor(Duration.ofMillis(200)); // the first wait loads classes and opens the doorbell
            // Looked up before the clock starts: CPython's twin reads its clock with a builtin.
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long t0 = threads.getCurrentThreadCpuTime();
            never.waitFor(Duration.ofSeconds(1));
            cpu.set(0, threads.getCurrentThreadCpuTime() - t0);
        }).name("blocked").start();
        join(waiter);
        return cpu.get(0) / 1e6;
    }

    private static void awaitCount(IntValue v, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (v.get() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the children did not come up");
            }
            sleep(1);
        }
        sleep(50);
    }

    /** Waits for {@code p} to end with 0; kills it after 2 minutes. */
    static void join(ChildProcess p) {
        if (!p.join(Duration.ofSeconds(120))) {
            p.kill();
            throw new IllegalStateException(p.name() + " did not end");
        }
        if (p.exitCode().orElse(1) != 0) {
            throw new IllegalStateException(p.name() + " failed with exit code " + p.exitCode());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
