package io.ipc4j.internal.wire;

import io.ipc4j.IpcException;

import java.nio.charset.StandardCharsets;

/** Reads a frame written by {@link FrameWriter}; a short frame is a protocol error. */
public final class FrameReader {
    private final byte[] buf;
    private int pos;

    public FrameReader(byte[] frame) {
        this.buf = frame;
    }

    private void need(int n) {
        if (pos + n > buf.length) {
            throw new IpcException("malformed frame: needed " + n + " more bytes at " + pos + " of " + buf.length);
        }
    }

    public byte getByte() {
        need(1);
        return buf[pos++];
    }

    public int getInt() {
        need(4);
        int v = ((buf[pos] & 0xff) << 24) | ((buf[pos + 1] & 0xff) << 16) | ((buf[pos + 2] & 0xff) << 8)
                | (buf[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    public long getLong() {
        return ((long) getInt() << 32) | (getInt() & 0xffffffffL);
    }

    /** Reads {@code n} big-endian ints written by {@link FrameWriter#putInts}. */
    public int[] getInts(int n) {
        need(n * 4);
        int[] a = new int[n];
        java.nio.ByteBuffer.wrap(buf, pos, n * 4).asIntBuffer().get(a);
        pos += n * 4;
        return a;
    }

    /** Reads {@code n} big-endian longs written by {@link FrameWriter#putLongs}. */
    public long[] getLongs(int n) {
        need(n * 8);
        long[] a = new long[n];
        java.nio.ByteBuffer.wrap(buf, pos, n * 8).asLongBuffer().get(a);
        pos += n * 8;
        return a;
    }

    public byte[] getBytes() {
        int n = getInt();
        if (n < 0) {
            throw new IpcException("malformed frame: negative length " + n);
        }
        need(n);
        byte[] b = new byte[n];
        System.arraycopy(buf, pos, b, 0, n);
        pos += n;
        return b;
    }

    public String getString() {
        return new String(getBytes(), StandardCharsets.UTF_8);
    }
}
