package io.ipc4j.internal.queue;

/** How many dropped queues a process may hold before it collects them: for tests and documentation. */
public final class QueueClientsBound {
    /** See {@link QueueClients#COLLECT_ABOVE}. */
    public static final int COLLECT_ABOVE = QueueClients.COLLECT_ABOVE;

    private QueueClientsBound() {
    }
}
