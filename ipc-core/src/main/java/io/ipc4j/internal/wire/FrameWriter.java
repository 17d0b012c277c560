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

    public FrameWriter putString(String s) {
        return putBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    public int size() {
        return pos;
    }

    /** The frame, trimmed to size. */
    public byte[] toBytes() {
        return pos == buf.length ? buf : Arrays.copyOf(buf, pos);
    }
}
