package io.ipc4j.internal.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Builds one frame of the control protocol: big-endian numbers, length-prefixed bytes. */
public final class FrameWriter {
    private byte[] buf;
    private int pos;

    public FrameWriter(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    /** A frame that starts with {@code op}. */
    public static FrameWriter of(byte op, int capacity) {
        return new FrameWriter(capacity + 1).putByte(op);
    }

    private void ensure(int n) {
        if (pos + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(pos + n, buf.length * 2));
        }
    }

    public FrameWriter putByte(int b) {
        ensure(1);
        buf[pos++] = (byte) b;
        return this;
    }

    public FrameWriter putInt(int v) {
        ensure(4);
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
        return this;
    }



    /** Writes {@code v} big-endian at {@code at}, as {@link #putInt(int)} does. */
    public static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    public FrameWriter putLong(long v) {
        putInt((int) (v >>> 32));
        return putInt((int) v);
    }

    public FrameWriter putBytes(byte[] b) {
        putInt(b.length);
        ensure(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
        return this;
    }

    /** Appends bytes as they are, with no length. */
    public FrameWriter putRaw(byte[] b, int offset, int length) {
        ensure(length);
        System.arraycopy(b, offset, buf, pos, length);
        pos += length;
        return this;
    }

    /**
     * The next {@code n} bytes of the frame as a big-endian buffer to fill, for content
     * that writes itself (the frame's position moves past them now).
     */
    public java.nio.ByteBuffer reserve(int n) {
        ensure(n);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(buf, pos, n).slice();
        pos += n;
        return b;
    }

    public FrameWriter putString(String s) {
        return putBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /** The frame, trimmed to size. */
    public byte[] toBytes() {
        return pos == buf.length ? buf : Arrays.copyOf(buf, pos);
    }
}
