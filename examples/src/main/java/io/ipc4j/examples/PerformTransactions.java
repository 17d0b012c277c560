package io.ipc4j.examples;

import io.ipc4j.Barrier;
import io.ipc4j.ChildProcess;
import io.ipc4j.Context;
import io.ipc4j.IntValue;
import io.ipc4j.Lock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * Ten times over, a withdraw process and a deposit process each change a shared balance
 * of 100 ten thousand times by 1, and the parent prints "Final balance = …". Without a
 * lock, updates are lost and the balances scatter around 100; with {@code --lock} every
 * run ends at 100.
 *
 * <p>Twins seed 003, "race condition" and "locks" ({@code perform_transactions} called ten
 * times, {@code Value('i', 100)}, {@code withdraw}/{@code deposit} with 10000 steps, with
 * and without {@code lock.acquire()}/{@code lock.release()}). The two children meet at a
 * barrier before their loops: a JVM starts slower than a forked CPython, and one child
 * would otherwise be done before the other began.
 */
@Command(name = "perform-transactions", mixinStandardHelpOptions = true,
        description = "Withdraw and deposit on a shared balance of 100, ten times, with or without a lock (seed 003).")
public final class PerformTransactions implements Callable<Integer> {
    @Option(names = "--lock", description = "Guard each step with a Lock (acquire/release), as the seed's second demo.")
    boolean lock;

    @AtLeast(1)
    @Option(names = "--runs", defaultValue = "10",
            description = "Calls of perform_transactions (default: ${DEFAULT-VALUE}).")
    int runs;

    @AtLeast(0)
    @Option(names = "--times", defaultValue = "10000",
            description = "Withdrawals, and deposits, of 1 each (default: ${DEFAULT-VALUE}).")
    int times;

    @Override
    public Integer call() {
        try (Context mp = Context.create(); Children.Ending ending = Children.endOnExit(mp)) {
            for (int i = 0; i < runs; i++) {
                int exit = performTransactions(mp);
                if (exit != 0) {
                    return exit;
                }
            }
            return 0;
        }
    }

    private int performTransactions(Context mp) {
        IntValue balance = mp.intValue(100);
        Lock guard = mp.lock();
        Barrier start = mp.barrier(2);
        DepositWithdraw.Guard how = lock ? DepositWithdraw.Guard.acquire : DepositWithdraw.Guard.none;
        int n = times;
        ChildProcess p1 = mp.process(() -> DepositWithdraw.change(balance, guard, start, how, n, -1)).name("withdraw");
        ChildProcess p2 = mp.process(() -> DepositWithdraw.change(balance, guard, start, how, n, 1)).name("deposit");
        p1.start();
        p2.start();
        int exit = Children.joinAll(p1, p2);
        System.out.println("Final balance = " + balance.get());
        return exit;
    }
}
