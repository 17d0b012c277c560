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

    /** What is left of the frame, as a big-endian buffer; the reader is done with it. */
    public java.nio.ByteBuffer rest() {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(buf, pos, buf.length - pos).slice();
        pos = buf.length;
        return b;
    }

    public String getString() {
        return new String(getBytes(), StandardCharsets.UTF_8);
    }
}
