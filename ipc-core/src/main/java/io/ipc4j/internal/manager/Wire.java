package io.ipc4j.internal.manager;

/**
 * The requests a manager client sends, each answered by one reply: a status byte
 * ({@link #OK} then the result, or {@link #ERROR} then the exception's class name, message
 * and stack trace) on the same connection. A connection carries one call at a time.
 */
final class Wire {
    /** session id → server id, connection id, server pid. */
    static final byte HELLO = 1;
    /** object id, method signature, calling thread, call number, arguments → result. */
    static final byte CALL = 2;
    /** type id, arguments → a counted reference. */
    static final byte CREATE = 3;
    /** ids: one count each given back. */
    static final byte RELEASE = 4;
    /** id: one count taken for a reference being serialized. */
    static final byte IN_FLIGHT = 5;
    /** id: an in-flight count becomes this session's. */
    static final byte ADOPT = 6;
    /** connection id, call number: interrupt that call. */
    static final byte INTERRUPT = 7;
    /** → the number of objects held. */
    static final byte LIVE_OBJECTS = 8;
    /** stop serving. */
    static final byte SHUTDOWN = 9;

    static final byte OK = 0;
    static final byte ERROR = 1;

    private Wire() {
    }
}
