package io.ipc4j.examples.soak;

import io.ipc4j.Context;
import io.ipc4j.IntValue;
import io.ipc4j.Lock;
import io.ipc4j.Pipe;
import io.ipc4j.Queue;

import java.time.Duration;

/** One round of making, using and dropping: what a long-running coordinator does all day. */
final class Churn {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final Context mp;
    private final Queue<Soak.Job> jobs;
    private final boolean queues;
    private int rounds;

    Churn(Context mp, Queue<Soak.Job> jobs, boolean queues) {
        this.mp = mp;
        this.jobs = jobs;
        this.queues = queues;
    }

    int rounds() {
        return rounds;
    }

    void round() {
        int round = rounds++;
        sharedObjects(round);
        pipes(round);
        if (queues) {
            queue(round);
        }
        Soak.exchange(mp, jobs, round);
    }

    private void queue(int round) {
        Queue<Integer> q = mp.queue();
        q.put(round);
        if (q.get(WAIT) != round) {
            throw new IllegalStateException("a queue gave back another item");
        }
        q.close();
    }

    private void sharedObjects(int round) {
        for (int i = 0; i < 100; i++) {
            IntValue v = mp.intValue(i);
            v.getAndAdd(round);
            Lock lock = mp.lock();
            lock.acquire().close();
        }
        for (int i = 0; i < 5; i++) {
            mp.longArray(50).set(1, round);
            mp.rLock().acquire().close();
            mp.event().set();
            mp.semaphore(1).acquire().close();
            mp.condition();
        }
    }

    private void pipes(int round) {
        for (int i = 0; i < 10; i++) {
            Pipe p = mp.pipe();
            p.left().send(round);
            if (!Integer.valueOf(round).equals(p.right().recv(WAIT))) {
                throw new IllegalStateException("a pipe gave back another message");
            }
            if (i % 2 == 0) {
                p.left().close();
                p.right().close();
            } // the others are dropped open: closed once collected
            mp.pipe(); // dropped unused
        }
    }
}
