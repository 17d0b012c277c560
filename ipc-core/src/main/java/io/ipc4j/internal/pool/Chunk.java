package io.ipc4j.internal.pool;

/** A slice of a job's input, the unit a worker takes at a time. */
final class Chunk {
    final Job job;
    final int index;
    final Items items;
    /** The items as sent to a worker process, encoded in the caller's thread; null for threads. */
    final byte[] encoded;
    int attempts;

    Chunk(Job job, int index, Items items, byte[] encoded) {
        this.job = job;
        this.index = index;
        this.items = items;
        this.encoded = encoded;
    }

    String describe() {
        return job.describe() + ", chunk " + index + " (" + items.size() + " item" + (items.size() == 1 ? "" : "s")
                + (items.size() == 1 ? ": " + items.get(0) : "") + ")";
    }
}
