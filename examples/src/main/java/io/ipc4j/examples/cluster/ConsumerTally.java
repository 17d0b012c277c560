package io.ipc4j.examples.cluster;

/** The coordinator's view of its consumers: the latest report from each. */
final class ConsumerTally {
    private final ConsumerReport[] latest;

    ConsumerTally(int consumers) {
        latest = new ConsumerReport[consumers];
    }

    void add(ConsumerReport r) {
        ConsumerReport old = latest[r.consumer()];
        if (old == null || !old.done()) {
            latest[r.consumer()] = r;
        }
    }

    boolean allDone() {
        for (ConsumerReport r : latest) {
            if (r == null || !r.done()) {
                return false;
            }
        }
        return true;
    }

    long count() {
        long n = 0;
        for (ConsumerReport r : latest) {
            n += r == null ? 0 : r.count();
        }
        return n;
    }

    long sum() {
        long s = 0;
        for (ConsumerReport r : latest) {
            s += r == null ? 0 : r.sum();
        }
        return s;
    }

    /** Milliseconds from the first item any consumer took to the last; 0 when none was taken. */
    long spanMillis() {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (ConsumerReport r : latest) {
            if (r != null && r.count() > 0) {
                first = Math.min(first, r.firstItemMillis());
                last = Math.max(last, r.lastItemMillis());
            }
        }
        return first == Long.MAX_VALUE ? 0 : last - first;
    }

    /** How many items the consumers numbered {@code ids} took. */
    long count(java.util.List<Integer> ids) {
        long n = 0;
        for (int i : ids) {
            n += latest[i] == null ? 0 : latest[i].count();
        }
        return n;
    }

    /** Milliseconds from the first item the consumers numbered {@code ids} took to their last; 0 when none. */
    long spanMillis(java.util.List<Integer> ids) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (int i : ids) {
            ConsumerReport r = latest[i];
            if (r != null && r.count() > 0) {
                first = Math.min(first, r.firstItemMillis());
                last = Math.max(last, r.lastItemMillis());
            }
        }
        return first == Long.MAX_VALUE ? 0 : last - first;
    }

    /** Each consumer's count, in consumer order. */
    String counts() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < latest.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(latest[i] == null ? 0 : latest[i].count());
        }
        return sb.append(']').toString();
    }
}
