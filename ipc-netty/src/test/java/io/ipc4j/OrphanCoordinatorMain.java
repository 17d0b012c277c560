package io.ipc4j;

/**
 * A coordinator for {@link LifetimeTest}: starts a child that would sleep for a minute,
 * prints the child's pid once the child runs (with {@code at-start}: at once, while the
 * child's JVM is still starting), and waits to be killed.
 */
public final class OrphanCoordinatorMain {
    private OrphanCoordinatorMain() {
    }

    public static void main(String[] args) throws Exception {
        Context mp = Context.create();
        Queue<String> ready = mp.queue();
        ChildProcess child = mp.process(() -> {
            ready.put("up");
            Thread.sleep(60_000);
        }).start();
        if (!(args.length > 0 && args[0].equals("at-start"))) {
            ready.get(java.time.Duration.ofSeconds(60));
        }
        System.out.println("socket-dir " + mp.socketDirectory());
        System.out.println("child-pid " + child.pid());
        System.out.flush();
        Thread.sleep(120_000);
    }
}
