package io.ipc4j.chronicle;

import io.ipc4j.SerializationException;

/**
 * The item a {@code get} took could not be deserialized in this process (its class is
 * missing here, say). The item is taken all the same, by this call, so that it does not
 * block the queue for every consumer: its bytes travel in this exception
 * ({@link #itemBytes()}, readable with ipc4j's codec where the class is present), and on
 * a joinable queue it still counts as unfinished until {@code taskDone()} is called.
 */
public class UnreadableItemException extends SerializationException {
    private final byte[] itemBytes;

    public UnreadableItemException(String message, byte[] itemBytes, Throwable cause) {
        super(message, cause);
        this.itemBytes = itemBytes.clone();
    }

    /** The serialized item, as its producer wrote it. */
    public byte[] itemBytes() {
        return itemBytes.clone();
    }
}
