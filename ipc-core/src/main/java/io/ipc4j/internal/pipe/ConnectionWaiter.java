package io.ipc4j.internal.pipe;

import io.ipc4j.Connection;
import io.ipc4j.IpcException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/** {@link Connection#wait}: parks the caller until one of several connections is ready. */
public final class ConnectionWaiter {
    private ConnectionWaiter() {
    }

    public static List<Connection> await(Collection<? extends Connection> connections, Duration timeout) {
        List<PipeEndpoint> endpoints = new ArrayList<>();
        for (Connection c : connections) {
            if (!(c instanceof PipeEnd)) {
                throw new IllegalArgumentException("not an ipc4j connection: " + c);
            }
            endpoints.add(((PipeEnd) c).endpoint());
        }
        long timeoutNanos = timeout == null ? -1 : PipeEnd.nanos(timeout);
        long start = System.nanoTime();
        Thread me = Thread.currentThread();
        endpoints.forEach(e -> e.addWaiter(me));
        try {
            while (true) {
                List<Connection> ready = new ArrayList<>();
                int i = 0;
                for (Connection c : connections) {
                    if (endpoints.get(i++).ready()) {
                        ready.add(c);
                    }
                }
                if (!ready.isEmpty()) {
                    return ready;
                }
                if (timeoutNanos < 0) {
                    LockSupport.park(ConnectionWaiter.class);
                } else {
                    long left = timeoutNanos - (System.nanoTime() - start);
                    if (left <= 0) {
                        return ready;
                    }
                    LockSupport.parkNanos(ConnectionWaiter.class, left);
                }
                if (Thread.interrupted()) {
                    me.interrupt();
                    throw new IpcException("interrupted in Connection.wait");
                }
            }
        } finally {
            endpoints.forEach(e -> e.removeWaiter(me));
        }
    }
}
