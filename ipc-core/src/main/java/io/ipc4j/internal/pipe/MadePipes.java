package io.ipc4j.internal.pipe;

import io.ipc4j.internal.Lifetimes;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The pipes a coordinator made, held weakly. When a child starts, an end kept here whose
 * peer went away to a child is opened (see {@link PipeEnd#openIfPeerSentAway()}). Once
 * neither end of a pipe is reachable here and neither was ever sent to another process,
 * no process can use the pipe any more, and its meeting is forgotten.
 */
public final class MadePipes {
    private final Consumer<String> forgetMeeting;
    private final List<Ends> unsettled = new ArrayList<>();

    private record Ends(WeakReference<PipeEnd> left, WeakReference<PipeEnd> right) {
        boolean settled() {
            PipeEnd l = left.get();
            PipeEnd r = right.get();
            return (l == null || l.settled()) && (r == null || r.settled());
        }
    }

    /** @param forgetMeeting told the id of a pipe that no process can use any more */
    public MadePipes(Consumer<String> forgetMeeting) {
        this.forgetMeeting = forgetMeeting;
    }

    /** The two ends of a new pipe: {@code [left, right]}. */
    public PipeEnd[] make(String contextId, String pipeId, boolean duplex) {
        PipeEnd left = new PipeEnd(contextId, pipeId, 0, true, duplex);
        PipeEnd right = new PipeEnd(contextId, pipeId, 1, duplex, true);
        PipeEnd.Twins twins = PipeEnd.pair(left, right);
        Lifetimes.CLEANER.register(twins, new ForgetUnlessSent(forgetMeeting, pipeId, twins.sentAway));
        synchronized (unsettled) {
            unsettled.removeIf(Ends::settled);
            unsettled.add(new Ends(new WeakReference<>(left), new WeakReference<>(right)));
        }
        return new PipeEnd[] {left, right};
    }

    /** Opens the ends kept here whose other end went to a child, so that its messages arrive. */
    public void openKept() {
        List<Ends> now;
        synchronized (unsettled) {
            unsettled.removeIf(Ends::settled);
            now = new ArrayList<>(unsettled);
        }
        for (Ends e : now) {
            open(e.left().get());
            open(e.right().get());
        }
    }

    private static void open(PipeEnd end) {
        if (end != null) {
            end.openIfPeerSentAway();
        }
    }

    /** Closes the ends kept here unused and never sent away: at close, no one can use them any more. */
    public void dropKept() {
        List<Ends> now;
        synchronized (unsettled) {
            now = new ArrayList<>(unsettled);
        }
        for (Ends e : now) {
            drop(e.left().get());
            drop(e.right().get());
        }
    }

    private static void drop(PipeEnd end) {
        if (end != null) {
            end.dropIfKept();
        }
    }

    /** How many pipes still have an end that may have to be opened here. */
    public int unsettled() {
        synchronized (unsettled) {
            unsettled.removeIf(Ends::settled);
            return unsettled.size();
        }
    }

    /** The cleaning action of a pipe's ends: holds the flag they share, never the ends. */
    private record ForgetUnlessSent(Consumer<String> forget, String pipeId, AtomicBoolean sentAway)
            implements Runnable {
        @Override
        public void run() {
            if (!sentAway.get()) {
                forget.accept(pipeId);
            }
        }
    }
}
