package io.ipc4j;

import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A JVM that did not start the manager it uses, for {@link RemoteManagerTest}: takes an item
 * from the shared queue, prints it, and puts a reply.
 */
public final class RemoteManagerClientMain {
    private RemoteManagerClientMain() {
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        try (Manager m = Manager.connect(Address.parse(args[0]), HexFormat.of().parseHex(args[1]))) {
            BlockingQueue<Object> q = m.create("get_queue", BlockingQueue.class);
            System.out.println("got " + q.poll(30, TimeUnit.SECONDS));
            q.put("reply from pid " + ProcessHandle.current().pid());
            System.out.println("server-pid " + m.pid());
        }
    }
}
