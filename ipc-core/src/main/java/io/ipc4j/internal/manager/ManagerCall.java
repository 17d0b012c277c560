package io.ipc4j.internal.manager;

/** PLACEHOLDER with the contract's signatures until mgr-core's mechanism is merged; replaced by it. */
public final class ManagerCall {
    final Object server = null;

    public static ManagerCall current() {
        throw new IllegalStateException("the manager mechanism is not merged yet");
    }

    public long callerSession() {
        return 0;
    }

    public long callerThread() {
        return 0;
    }

    public static void onSessionEnd(long session, Runnable action) {
        throw new IllegalStateException("the manager mechanism is not merged yet");
    }
}
