package io.ipc4j;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Opens, uses and closes {@code args[0]} shm pipes one after the other, both ends in this
 * JVM, holding none of them; then prints how many mappings of deleted pipe segments this
 * process still has ({@code mappings=N}) and how many collections ran ({@code collections=N}).
 */
public final class ShmPipeChurnMain {
    private ShmPipeChurnMain() {
    }

    public static void main(String[] args) throws IOException {
        int pipes = Integer.parseInt(args[0]);
        try (Context mp = Context.create(Map.of(Config.CHANNEL, "shm"))) {
            for (int i = 0; i < pipes; i++) {
                Pipe pipe = mp.pipe();
                pipe.left().send(i);
                if (!Integer.valueOf(i).equals(pipe.right().recv(Duration.ofSeconds(30)))) {
                    throw new IllegalStateException("pipe " + i + " lost its message");
                }
                pipe.left().close();
                pipe.right().close();
            }
            long mappings = Files.readAllLines(Path.of("/proc/self/maps")).stream()
                    .filter(l -> l.contains("/pipe-") && l.endsWith("(deleted)")).count();
            long collections = ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
            System.out.println("mappings=" + mappings + " collections=" + collections);
        }
    }
}
