package io.ipc4j.mmap;

import java.nio.ByteBuffer;

/**
 * What every handle is: the path of a segment and an offset into it, which travel into
 * children as they are; the mapping is found again in each process on first use. In the
 * process that made the object, the handle also holds its {@link SharedHeap.Block}, so
 * that the block is freed only once no handle to it is left there.
 */
abstract class MappedHandle {
    final String path;
    final int offset;
    private transient volatile ByteBuffer buf;
    private transient volatile Wakeup wakeup;
    @SuppressWarnings("unused") // held only to keep the block from being freed
    private transient SharedHeap.Block block;

    MappedHandle(String path, int offset) {
        this.path = path;
        this.offset = offset;
    }

    /** Ties this handle to the block it lives in, in the process that made it. */
    final <H extends MappedHandle> H holding(SharedHeap.Block b) {
        block = b;
        @SuppressWarnings("unchecked")
        H self = (H) this;
        return self;
    }

    /** After deserialization: ties this copy to its block if this process made it. */
    final void findBlock() {
        block = SharedHeap.blockOf(path, offset);
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
