package io.ipc4j.internal.pipe;

import io.ipc4j.Connection;
import io.ipc4j.IpcException;
import io.ipc4j.IpcInterruptedException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * {@link Connection#wait}: looks at each connection without blocking, and between looks
 * backs off from 20 microseconds to a millisecond.
 */
public final class ConnectionWaiter {
    private static final long MIN_PAUSE_NANOS = 20_000;
    private static final long MAX_PAUSE_NANOS = 1_000_000;

    private ConnectionWaiter() {
    }

    public static List<Connection> await(Collection<? extends Connection> connections, Duration timeout) {
        for (Connection c : connections) {
            if (!(c instanceof PipeEnd) && !(c instanceof DirectConnection)) {
                throw new IllegalArgumentException("not an ipc4j connection: " + c);
            }
        }
        List<Connection> ends = new ArrayList<>(connections);
        long timeoutNanos = timeout == null ? -1 : PipeEnd.nanos(timeout);
        long start = System.nanoTime();
        long pause = MIN_PAUSE_NANOS;
        while (true) {
            List<Connection> ready = new ArrayList<>();
            for (Connection end : ends) {
                if (end instanceof PipeEnd p ? p.endpoint().ready() : ((DirectConnection) end).ready()) {
                    ready.add(end);
                }
            }
            long left = timeoutNanos < 0 ? Long.MAX_VALUE : timeoutNanos - (System.nanoTime() - start);
            if (!ready.isEmpty() || left <= 0) {
                return ready;
            }
            LockSupport.parkNanos(ConnectionWaiter.class, Math.min(pause, left));
            pause = Math.min(pause * 2, MAX_PAUSE_NANOS);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new IpcInterruptedException("interrupted in Connection.wait");
            }
        }
    }
}
