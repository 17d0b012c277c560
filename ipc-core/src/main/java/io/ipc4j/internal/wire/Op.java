package io.ipc4j.internal.wire;

/**
 * The operations of the control protocol between a process and its coordinator. A
 * request is {@code [op][request id][payload]}; its reply is
 * {@code [REPLY][request id][status][payload]}. Request id 0 means no reply is wanted.
 */
public final class Op {
    private Op() {
    }

    public static final byte REPLY = 1;

    /** A child announces itself with its token; the reply carries its target. */
    public static final byte HELLO = 10;

    /** Claim one end of a pipe: the reply says LISTEN (first end) or DIAL with the address. */
    public static final byte PIPE_CLAIM = 20;
    /** The listening end publishes its address. */
    public static final byte PIPE_REGISTER = 21;

    /** Items for an unbounded queue, no reply: {@code [queue][count]([bytes])*}. */
    public static final byte Q_PUT = 30;
    /** One item for a bounded queue, with a timeout: replies OK or TIMEOUT. */
    public static final byte Q_PUT_WAIT = 31;
    /** Acknowledge the items taken so far and fetch more: replies with items or TIMEOUT. */
    public static final byte Q_FETCH = 32;
    /** Acknowledge the items taken and give back the rest of the last fetch. */
    public static final byte Q_RETURN = 33;
    /** Acknowledge the items taken and ask the queue's size. */
    public static final byte Q_SIZE = 34;
    /** Acknowledge items taken, no reply: {@code [queue][count]}. */
    public static final byte Q_ACK = 38;
    public static final byte Q_TASK_DONE = 35;
    public static final byte Q_JOIN = 36;
    /** A barrier: the reply comes after every frame sent before it was handled. */
    public static final byte SYNC = 37;

    public static final byte STATUS_OK = 0;
    public static final byte STATUS_TIMEOUT = 1;
    public static final byte STATUS_ERROR = 2;
    public static final byte STATUS_LISTEN = 3;
    public static final byte STATUS_DIAL = 4;
}
