package io.ipc4j.internal.pipe;

import io.ipc4j.internal.wire.ObjectCodec;

import java.util.ArrayList;
import java.util.List;

/**
 * Serializes a child's target, noting the unused pipe ends of the starting context that
 * it carries: the context hands them to the child, so that when the child ends without
 * using them their other ends read end-of-file.
 */
public final class PipeHandover {
    private static final ThreadLocal<PipeHandover> CURRENT = new ThreadLocal<>();

    private final String contextId;
    private final List<PipeEnd> ends = new ArrayList<>();

    private PipeHandover(String contextId) {
        this.contextId = contextId;
    }

    /** A serialized target and the ends it hands over. */
    public record Serialized(byte[] bytes, List<PipeEnd> ends) {
    }

    /** Serializes {@code target} in this thread, collecting the ends of context {@code contextId} it holds. */
    public static Serialized serialize(String contextId, Object target) {
        PipeHandover outer = CURRENT.get();
        PipeHandover h = new PipeHandover(contextId);
        CURRENT.set(h);
        try {
            return new Serialized(ObjectCodec.toBytes(target), List.copyOf(h.ends));
        } finally {
            CURRENT.set(outer);
        }
    }

    /** Whether {@code end}, being serialized in this thread, is handed over with a target (and noted). */
    static boolean collect(PipeEnd end, String endContextId) {
        PipeHandover h = CURRENT.get();
        if (h == null || !h.contextId.equals(endContextId)) {
            return false;
        }
        if (!h.ends.contains(end)) {
            h.ends.add(end);
        }
        return true;
    }
}
