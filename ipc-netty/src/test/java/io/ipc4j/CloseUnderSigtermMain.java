package io.ipc4j;

import java.time.Duration;

/**
 * A coordinator for {@link ContextCloseTest}: uses a queue, starts a child that sleeps for a
 * minute and takes five seconds to die on SIGTERM, and closes the context (joining the
 * child) until the test sends it SIGTERM. A hook of its own keeps the JVM up a few seconds
 * after the signal, long enough to report how {@code close()} ended.
 */
public final class CloseUnderSigtermMain {
    private CloseUnderSigtermMain() {
    }

    public static void main(String[] args) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> sleep(4000)));
        Context mp = Context.create();
        Queue<String> q = mp.queue();
        ChildProcess child = mp.process(() -> {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> sleep(5000)));
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

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
