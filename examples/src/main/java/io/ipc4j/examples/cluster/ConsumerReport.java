package io.ipc4j.examples.cluster;

/**
 * What a consumer tells the coordinator through the reports queue: its totals so far,
 * and whether they are final.
 *
 * @param consumer        the consumer's number, from 0
 * @param count           items taken so far
 * @param sum             their sum
 * @param firstItemMillis wall-clock time the first item was taken (0 before any)
 * @param lastItemMillis  wall-clock time the latest item was taken (0 before any)
 * @param done            whether the consumer has taken its end marker and will send no more
 */
public record ConsumerReport(int consumer, long count, long sum, long firstItemMillis, long lastItemMillis,
        boolean done) {
}
