package io.ipc4j;

import java.time.Duration;

/**
 * A coordinator for {@link ContextCloseTest}: uses a queue, starts a child that sleeps for a
 * minute, and closes the context (joining the child) until the test sends it SIGTERM.
 */
public final class CloseUnderSigtermMain {
    private CloseUnderSigtermMain() {
    }

    public static void main(String[] args) {
        Context mp = Context.create();
        Queue<String> q = mp.queue();
        ChildProcess child = mp.process(() -> {
            q.put("up");
            Thread.sleep(60_000);
        }).start();
        q.get(Duration.ofSeconds(60));
        System.out.println("socket-dir " + mp.socketDirectory());
        System.out.println("child-pid " + child.pid());
        System.out.println("closing");
        System.out.flush();
        try {
            mp.close();
            System.out.println("closed");
        } catch (Throwable t) {
            System.out.println("close threw " + t);
        }
        System.out.flush();
    }
}
