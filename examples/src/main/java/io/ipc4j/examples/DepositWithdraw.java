package io.ipc4j.examples;

import io.ipc4j.Barrier;
import io.ipc4j.ChildProcess;
import io.ipc4j.Context;
import io.ipc4j.Held;
import io.ipc4j.IntValue;
import io.ipc4j.Lock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * Two processes change one shared balance of 200: one deposits 1, the other withdraws 1,
 * the same number of times. Without a lock their read-modify-write steps interleave and
 * updates are lost, so the balance usually ends wrong; with the lock it is always 200.
 *
 * <p>Twins seed 000, "Demo 6 - Locks, Introducing the problem" ({@code --lock none}),
 * "Demo 7 - lock.acquire() & lock.release()" ({@code --lock acquire}) and "Demo 8 - with
 * lock" ({@code --lock with}, try-with-resources); and seed 001, "Racing condition". The
 * seeds sleep between steps to make the race visible in CPython; a JVM is fast enough to
 * show it with many steps and no sleep, so both children start together at a barrier.
 */
@Command(name = "deposit-withdraw", mixinStandardHelpOptions = true,
        description = "Deposit and withdraw from a shared balance in two processes, with or without a lock (seeds 000, 001).")
public final class DepositWithdraw implements Callable<Integer> {

    /** How the children guard the balance. */
    enum Guard { none, acquire, with }

    @Option(names = "--lock", defaultValue = "with",
            description = "none, acquire (acquire/release) or with (try-with-resources) (default: ${DEFAULT-VALUE}).")
    Guard guard;

    @AtLeast(0)
    @Option(names = "--times", defaultValue = "100000",
            description = "Deposits, and withdrawals, of 1 each (default: ${DEFAULT-VALUE}).")
    int times;

    @Override
    public Integer call() {
        try (Context mp = Context.create(); Children.Ending ending = Children.endOnExit(mp)) {
            IntValue balance = mp.intValue(200);
            Lock lock = mp.lock();
            Barrier start = mp.barrier(2);
            Guard g = guard;
            int n = times;
            ChildProcess d = mp.process(() -> change(balance, lock, start, g, n, 1)).name("deposit").start();
            ChildProcess w = mp.process(() -> change(balance, lock, start, g, n, -1)).name("withdraw").start();
            int exit = Children.joinAll(d, w);
            System.out.println(balance.get());
            return exit;
        }
    }

    static void change(IntValue balance, Lock lock, Barrier start, Guard guard, int times, int amount) {
        start.await(Children.WAIT);
        for (int i = 0; i < times; i++) {
            switch (guard) {
                case none -> balance.set(balance.get() + amount);
                case acquire -> {
                    lock.acquire();
                    balance.set(balance.get() + amount);
                    lock.release();
                }
                case with -> {
                    try (Held held = lock.acquire()) {
                        balance.set(balance.get() + amount);
                    }
                }
            }
        }
    }
}
