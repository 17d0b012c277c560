package io.ipc4j;

import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A JVM serving a manager on TCP for {@link RemoteManagerTest} (CPython's
 * {@code QueueManager.register('get_queue', callable=lambda: queue)} and
 * {@code get_server().serve_forever()}): every {@code get_queue} is the same queue.
 */
public final class RemoteManagerServerMain {
    static final BlockingQueue<Object> QUEUE = new LinkedBlockingQueue<>();

    private RemoteManagerServerMain() {
    }

    static Manager.Builder builder() {
        return Manager.builder().register("get_queue", () -> QUEUE, BlockingQueue.class);
    }

    public static void main(String[] args) {
        Manager.Server server = builder().address(Address.tcp("127.0.0.1", 0))
                .authKey(HexFormat.of().parseHex(args[0])).serve();
        System.out.println("address " + server.address());
        System.out.flush();
        server.awaitShutdown();
    }
}
