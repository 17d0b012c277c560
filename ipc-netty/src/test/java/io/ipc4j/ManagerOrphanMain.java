package io.ipc4j;

/** A coordinator for {@link ManagerLifecycleTest}: starts a manager, prints its pid, and waits to be killed. */
public final class ManagerOrphanMain {
    private ManagerOrphanMain() {
    }

    public static void main(String[] args) throws Exception {
        Context mp = Context.create();
        Manager m = mp.manager();
        m.dict().put("up", true);
        System.out.println("manager-pid " + m.pid());
        System.out.flush();
        Thread.sleep(120_000);
    }
}
