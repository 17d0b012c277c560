package io.ipc4j.internal.manager;

import java.util.Arrays;

/**
 * The rest of a snapshot an iteration has not read yet, held by the server as a managed
 * object of its own (so it goes when the client's iterator is garbage-collected).
 */
final class Cursor implements CursorApi {
    static final String TYPE = "cursor";

    private final Object[] slots;
    private int at;

    Cursor(Object[] slots, int at) {
        this.slots = slots;
        this.at = at;
    }

    @Override
    public synchronized Object[] next(int max) {
        int to = (int) Math.min(slots.length, (long) at + max);
        Object[] out = Arrays.copyOfRange(slots, at, to);
        Arrays.fill(slots, at, to, null);
        at = to;
        return out;
    }

    /**
     * The first {@code max} slots of {@code slots} after a leading slot that holds a
     * reference to a new cursor over the rest, or null when they all fit.
     */
    static Object[] firstBatch(Object[] slots, int max) {
        // only a reply to a client counts a new cursor for it: a call inside the server reads everything at once
        ManagerCall call = ManagerCall.remoteOrNull();
        if (slots.length <= max || call == null) {
            Object[] out = new Object[slots.length + 1];
            System.arraycopy(slots, 0, out, 1, slots.length);
            return out;
        }
        Object[] out = new Object[max + 1];
        System.arraycopy(slots, 0, out, 1, max);
        out[0] = call.newObject(TYPE, new Cursor(slots, max));
        return out;
    }
}
