package io.ipc4j.internal;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes a child JVM has written to its standard output and error. A message that says
 * what a child did can carry the two counts as they were when it was sent; its coordinator,
 * which copies the child's output to its own, waits on receiving it until the copy has
 * caught up. What a pool worker printed before it answered is then printed before whatever
 * the coordinator prints on reading the answer, as when the two share a terminal.
 *
 * <p>Only writes through {@code System.out} and {@code System.err} are counted, once they
 * reach the file descriptor; the JVM's own writes to it are not. A count that falls short
 * only lets the coordinator wait less.
 */
public final class ChildOutput {
    private static final AtomicLong OUT = new AtomicLong();
    private static final AtomicLong ERR = new AtomicLong();

    private ChildOutput() {
    }

    /** Makes {@code System.out} and {@code System.err} count what they write; called once, first thing in a child. */
    public static void count() {
        System.setOut(counting(FileDescriptor.out, OUT, encoding("stdout")));
        System.setErr(counting(FileDescriptor.err, ERR, encoding("stderr")));
    }

    /** Bytes written to standard output so far. */
    public static long out() {
        return OUT.get();
    }

    /** Bytes written to standard error so far. */
    public static long err() {
        return ERR.get();
    }

    /** The encoding the JVM gave the stream: {@code stdout.encoding} from 19 on, else the one set for a console, else the default. */
    private static Charset encoding(String stream) {
        String name = System.getProperty(stream + ".encoding", System.getProperty("sun." + stream + ".encoding"));
        try {
            return name == null ? Charset.defaultCharset() : Charset.forName(name);
        } catch (IllegalArgumentException unsupported) {
            return Charset.defaultCharset();
        }
    }

    /** As the JVM makes {@code System.out}: buffered, flushed on every line, over the descriptor. */
    private static PrintStream counting(FileDescriptor fd, AtomicLong written, Charset charset) {
        FileOutputStream counted = new FileOutputStream(fd) {
            @Override
            public void write(int b) throws IOException {
                super.write(b);
                written.incrementAndGet();
            }

            @Override
            public void write(byte[] b) throws IOException {
                write(b, 0, b.length);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                super.write(b, off, len);
                written.addAndGet(len);
            }
        };
        return new PrintStream(new BufferedOutputStream(counted, 8192), true, charset);
    }
}
