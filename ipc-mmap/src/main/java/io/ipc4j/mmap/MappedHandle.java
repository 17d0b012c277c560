package io.ipc4j.mmap;

import java.nio.ByteBuffer;

/**
 * What every handle is: the path of a segment and an offset into it, which travel into
 * children as they are; the mapping is found again in each process on first use.
 */
abstract class MappedHandle {
    final String path;
    final int offset;
    private transient volatile ByteBuffer buf;
    private transient volatile Wakeup wakeup;

    MappedHandle(String path, int offset) {
        this.path = path;
        this.offset = offset;
    }

    final ByteBuffer buf() {
        ByteBuffer b = buf;
        if (b == null) {
            b = Segments.map(path);
            buf = b;
        }
        return b;
    }

    /** The parking side of this object, whose parked-thread count is at {@code parkedOffset}. */
    final Wakeup wakeup(int parkedOffset) {
        Wakeup w = wakeup;
        if (w == null) {
            w = new Wakeup(Doorbell.of(java.nio.file.Path.of(path).getParent()), buf(), parkedOffset);
            wakeup = w;
        }
        return w;
    }

    /** The segment's file name, enough to tell handles apart in messages. */
    final String segmentName() {
        return path.substring(path.lastIndexOf('/') + 1) + (offset == 0 ? "" : "@" + offset);
    }
}
