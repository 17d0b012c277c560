package io.ipc4j;

import java.time.Duration;
import java.util.Map;

/**
 * Makes a context on the shm channel in a JVM started with no flag at all, and echoes a message
 * through a pipe to a child; prints "echoed" and exits 0 when it came back, exits 3 when refused.
 */
public final class ShmWithoutFlagsMain {
    private ShmWithoutFlagsMain() {
    }

    public static void main(String[] args) {
        try (Context mp = Context.create(Map.of(Config.CHANNEL, "shm"))) {
            Pipe pipe = mp.pipe();
            ChildProcess child = mp.process(PipeTest::echo, pipe.right()).daemon(true).start();
            pipe.left().sendBytes("hello".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            System.out.println("echoed " + new String(pipe.left().recvBytes(Duration.ofSeconds(60)),
                    java.nio.charset.StandardCharsets.UTF_8));
            pipe.left().close();
            child.join(Duration.ofSeconds(60));
        } catch (IpcException e) {
            System.out.println(e.getMessage());
            System.exit(3);
        }
    }
}
