package io.ipc4j.internal.pool;

/** A slice of a job's input, the unit a worker takes at a time. */
final class Chunk {
    final Job job;
    final int index;
    /** Where its items start in the job's input. */
    final int start;
    final Items items;
    int attempts;
    /** Times it went back uncharged because its worker died before taking it up. */
    int notTakenUp;

    Chunk(Job job, int index, int start, Items items) {
        this.job = job;
        this.index = index;
        this.start = start;
        this.items = items;
    }

    String describe() {
        return job.describe() + ", chunk " + index + " (" + items.size() + " item" + (items.size() == 1 ? "" : "s")
                + (items.size() == 1 ? ": " + items.get(0) : "") + ")";
    }
}
