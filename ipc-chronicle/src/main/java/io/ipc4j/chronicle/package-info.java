/**
 * Queues in Chronicle Queue files, shared by processes on one host: {@link io.ipc4j.chronicle.ChronicleQueues}
 * makes them for a context and deletes them with it; {@link io.ipc4j.chronicle.ChronicleQueueHandle} is the
 * serializable handle each process uses. Consumers compete (each item is taken once) through a
 * compare-and-swap on a shared, memory-mapped index; nothing whose put returned is lost when a process is
 * killed. Every JVM that uses them needs {@link io.ipc4j.chronicle.ChronicleJvmFlags#required()}.
 */
package io.ipc4j.chronicle;
