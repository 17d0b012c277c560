package io.ipc4j;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The queue suite again with shared memory on the class path: consumers in children count
 * what they take in the broker's ledger instead of acknowledging each item.
 */
class QueueWithLedgerTest extends QueueTest {

    @Test
    void childConsumersCountTheirTakesInTheLedger() throws Exception {
        try (Context ctx = Context.create()) {
            Queue<Integer> q = ctx.queue();
            q.put(1);
            ChildProcess c = ctx.process((Queue<Integer> in) -> in.get(), q).start();
            assertTrue(c.join(java.time.Duration.ofSeconds(60)));
            assertEquals(0, c.exitCode().orElseThrow());
            Path dir = ShmDirs.of(ctx);
            try (var files = Files.list(dir)) {
                assertTrue(files.anyMatch(f -> f.getFileName().toString().contains("queue-ledger")),
                        "no ledger block in " + dir);
            }
        }
    }
}
