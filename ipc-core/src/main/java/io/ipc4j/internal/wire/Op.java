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
    /**
     * A child could not read the target it was given, no reply wanted or a reply OK:
     * {@code [line]}, the line it prints, which the coordinator logs.
     */
    public static final byte TARGET_NOT_LOADED = 11;
    /**
     * A spare child that is waiting for its target (its HELLO not answered yet) has finished
     * its warm-up, no reply wanted: {@code [token]}.
     */
    public static final byte SPARE_WARM = 12;

    /** Claim one end of a pipe: the reply says LISTEN (first end) or DIAL with the address. */
    public static final byte PIPE_CLAIM = 20;
    /** The listening end publishes its address. */
    public static final byte PIPE_REGISTER = 21;

    /** Items for an unbounded queue, no reply: {@code [queue][count]([bytes])*}. */
    public static final byte Q_PUT = 30;
    /** One item for a bounded queue, with a timeout: replies OK or TIMEOUT. */
    public static final byte Q_PUT_WAIT = 31;
    /**
     * Fetch up to {@code max} items: {@code [queue][taken][max][flags][timeout]}, where
     * {@code taken} counts every item this process took from the queue and the flags are
     * {@link #FETCH_WANTS_SLOT} and {@link #FETCH_COUNTS_IN_LEDGER}. Replies
     * {@code [slot index or -1]([generation][block name])?[count]([bytes])*}, TIMEOUT or CANCELLED;
     * the slot comes when asked for, and after the broker recalled a batch.
     */
    public static final byte Q_FETCH = 32;
    /** The consumer asks to be told its ledger slot. */
    public static final int FETCH_WANTS_SLOT = 1;
    /** The consumer counts its takes in its ledger slot (it mapped the ledger). */
    public static final int FETCH_COUNTS_IN_LEDGER = 2;
    /** This process closes the queue: {@code [queue][taken]}; the rest of its fetches go back. */
    public static final byte Q_RETURN = 33;
    /** The queue's size: {@code [queue][taken]}. */
    public static final byte Q_SIZE = 34;
    /** Items taken, for a consumer without a ledger slot: {@code [queue][taken]}, replies OK. */
    public static final byte Q_ACK = 38;
    /**
     * Withdraw a parked request, no reply: {@code [queue][request id]}; the request is answered
     * CANCELLED. Request id 0 withdraws all this process's parked fetches on the queue.
     */
    public static final byte Q_CANCEL = 39;
    /** This process holds no handle of the queue any more, no reply: {@code [queue]}; what it fetched goes back. */
    public static final byte Q_RELEASE = 40;
    /** This process holds a handle of the queue from now on: {@code [queue]}, replies OK, or an error if it is gone. */
    public static final byte Q_OPEN = 41;
    public static final byte Q_TASK_DONE = 35;
    public static final byte Q_JOIN = 36;
    /** A barrier: the reply comes after every frame sent before it was handled. */
    public static final byte SYNC = 37;

    public static final byte STATUS_OK = 0;
    public static final byte STATUS_TIMEOUT = 1;
    public static final byte STATUS_ERROR = 2;
    public static final byte STATUS_LISTEN = 3;
    public static final byte STATUS_DIAL = 4;
    /** A parked request was withdrawn by its sender. */
    public static final byte STATUS_CANCELLED = 5;
}
