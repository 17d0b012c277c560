package io.ipc4j.mmap;

/**
 * Where the {@link Doorbell}'s reader, one parked thread of a process at a time, waits
 * for a ring from another process: a FIFO of its own ({@link FifoEar}) or, where none
 * could be made, a Unix socket ({@link SocketEar}). Called with the reader lock held,
 * except {@link #wakeReader} and {@link #close}.
 */
interface Ear {
    /** How other processes ring this one, as the registry records it. */
    long kind();

    /** Just before the reader's last look at what it waits for. */
    void beforeLastLook();

    /** Blocks until a ring, an interrupt, {@link #wakeReader} or {@code nanos}, whichever comes first. */
    void await(long nanos);

    /** Ends the reader's wait (unless a ring that will is pending), from a thread of this process that changed something. */
    void wakeReader();

    void close();
}
