/**
 * The producer/consumer cluster: producer and consumer JVMs over one queue, with
 * progress, throughput and a checksum reported by the coordinator.
 */
package io.ipc4j.examples.cluster;
