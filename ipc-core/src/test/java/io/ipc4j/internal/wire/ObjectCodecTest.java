package io.ipc4j.internal.wire;

import io.ipc4j.SerializableFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/** Serializing lambdas with Kryo, from many threads at once. */
@Timeout(120)
class ObjectCodecTest {

    @Test
    void lambdasAreReadBackByThreadsThatStartTogether() throws Exception {
        SerializableFunction<Integer, Integer> twice = x -> x * 2;
        byte[] bytes = ObjectCodec.toBytes(twice);
        AtomicInteger good = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int rounds = 150;
        int threads = 8;
        for (int round = 0; round < rounds; round++) {
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> started = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread th = new Thread(() -> {
                    try {
                        go.await();
                        @SuppressWarnings("unchecked")
                        SerializableFunction<Integer, Integer> f =
                                (SerializableFunction<Integer, Integer>) ObjectCodec.fromBytes(bytes);
                        if (f.apply(21) == 42) {
                            good.incrementAndGet();
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                });
                th.start();
                started.add(th);
            }
            go.countDown();
            for (Thread th : started) {
                th.join();
            }
        }
        assertNull(failure.get(), () -> "a thread failed to read the lambda: " + failure.get());
        assertEquals(rounds * threads, good.get());
    }
}
