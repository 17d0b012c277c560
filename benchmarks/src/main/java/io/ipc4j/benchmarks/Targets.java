package io.ipc4j.benchmarks;

import io.ipc4j.Connection;
import io.ipc4j.ConnectionEOFException;
import io.ipc4j.Queue;

/**
 * What the benchmark children run. Static methods, so that a target carries nothing but
 * its arguments into the child JVM.
 */
public final class Targets {
    private Targets() {
    }

    /** Sends every message back as it came, {@code rounds} times; a negative count echoes until end of stream. */
    public static void echo(Connection conn, Integer rounds) {
        try {
            for (long i = 0; rounds < 0 || i < rounds; i++) {
                conn.sendBytes(conn.recvBytes());
            }
        } catch (ConnectionEOFException endOfStream) {
            // the benchmark closed its end: done
        }
    }

    /** Puts {@code 0..n-1}, then the sentinel {@code null} (CPython's twin puts {@code None}). */
    public static void produce(Queue<Integer> queue, Integer n) {
        for (int i = 0; i < n; i++) {
            queue.put(i);
        }
        queue.put(null);
    }

    /**
     * Puts items on request: each Integer received on {@code requests} asks for that many
     * more small Integers; end of stream or a count of zero stops. The consumer keeps a
     * request or two ahead, so the producer never stops while the backlog stays bounded.
     */
    public static void produceOnRequest(Connection requests, Queue<Integer> queue) {
        try {
            while (true) {
                int n = (Integer) requests.recv();
                if (n <= 0) {
                    return;
                }
                for (int i = 0; i < n; i++) {
                    queue.put(i & 1023);
                }
            }
        } catch (ConnectionEOFException endOfStream) {
            // the benchmark is over
        }
    }
}
