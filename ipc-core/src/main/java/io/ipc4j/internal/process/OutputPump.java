package io.ipc4j.internal.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * Copies one output stream of a child to whatever {@code System.out} or {@code System.err}
 * is at the time, a whole line per write, so that lines of children writing at once do not
 * cut into each other. It counts what it has taken from the child, so that a message
 * carrying the child's own count ({@link io.ipc4j.internal.ChildOutput}) can wait until what
 * the child printed before sending it has been printed here. A line longer than
 * {@link #LONGEST_HELD_LINE} is copied in parts, so that a child writing without newlines
 * does not grow this JVM's memory.
 */
final class OutputPump {
    /** Bytes of an unfinished line held back at most; past it they are copied as they are. */
    static final int LONGEST_HELD_LINE = 64 * 1024;
    private final InputStream from;
    private final Supplier<PrintStream> to;
    private final Thread thread;
    /** Bytes taken from the child and printed, or held as the start of a line; {@code Long.MAX_VALUE} once the stream ended. */
    private volatile long taken;
    /** Set when a wait gave up while this pump could not print (this JVM's output stuck); cleared when it moves again. */
    private volatile boolean stalled;

    private OutputPump(InputStream from, Supplier<PrintStream> to, String name) {
        this.from = from;
        this.to = to;
        this.thread = new Thread(this::run, "ipc4j-pump-" + name);
        thread.setDaemon(true);
    }

    /** Starts copying {@code from} to the stream {@code to} gives at each write, in a daemon thread. */
    static OutputPump start(InputStream from, Supplier<PrintStream> to, String name) {
        OutputPump pump = new OutputPump(from, to, name);
        pump.thread.start();
        return pump;
    }

    private void run() {
        byte[] buf = new byte[8192];
        ByteArrayOutputStream partial = new ByteArrayOutputStream();
        try (from) {
            int n;
            while ((n = from.read(buf)) > 0) {
                int lastNewline = -1;
                for (int i = n - 1; i >= 0; i--) {
                    if (buf[i] == '\n') {
                        lastNewline = i;
                        break;
                    }
                }
                if (lastNewline < 0) {
                    partial.write(buf, 0, n);
                    if (partial.size() >= LONGEST_HELD_LINE) {
                        emit(to.get(), partial);
                    }
                } else {
                    partial.write(buf, 0, lastNewline + 1);
                    emit(to.get(), partial);
                    partial.write(buf, lastNewline + 1, n - lastNewline - 1);
                }
                advance(taken + n);
            }
        } catch (IOException ignored) {
            // the child is gone
        }
        emit(to.get(), partial);
        advance(Long.MAX_VALUE);
    }

    private synchronized void advance(long to) {
        taken = to;
        stalled = false;
        notifyAll();
    }

    private static void emit(PrintStream out, ByteArrayOutputStream lines) {
        if (lines.size() > 0) {
            synchronized (out) {
                out.write(lines.toByteArray(), 0, lines.size());
                out.flush();
            }
            lines.reset();
        }
    }

    /**
     * Waits until the first {@code bytes} bytes the child wrote have been copied (the start of
     * an unfinished line is held back until its end comes), the stream has ended, or
     * {@code timeoutNanos} have passed. After a wait that ran out, waits return at once until
     * the copy moves again, so that a stuck output costs one timeout, not one per wait. An
     * interrupt ends the wait, the flag kept.
     */
    void awaitTaken(long bytes, long timeoutNanos) {
        if (taken >= bytes || stalled) {
            return;
        }
        long deadline = System.nanoTime() + timeoutNanos;
        synchronized (this) {
            long left;
            while (taken < bytes) {
                left = deadline - System.nanoTime();
                if (left <= 0) {
                    // this JVM's output does not move: later waits return at once until it does
                    stalled = true;
                    return;
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Waits up to {@code millis} for the stream to end and its last output to be copied. */
    void join(long millis) throws InterruptedException {
        thread.join(millis);
    }
}
