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

    private static boolean hasLedgerBlock(Path dir) throws java.io.IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().contains("queue-ledger"));
        }
    }

    /** The first item's consumer does not wait for the ledger's first block: it is made once the context has a queue. */
    @Test
    void theLedgersFirstBlockIsMadeWhenTheFirstQueueIs() throws Exception {
        try (Context ctx = Context.create()) {
            Path dir = ShmDirs.of(ctx);
            assertFalse(hasLedgerBlock(dir), "a ledger block before any queue");
            ctx.queue();
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
            while (!hasLedgerBlock(dir) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(hasLedgerBlock(dir), "no ledger block in " + dir + " though nothing was taken");
        }
    }

    /** A context closed while its ledger is being made leaves nothing in shared memory. */
    @Test
    void aContextClosedRightAfterItsFirstQueueLeavesNothing() {
        for (int round = 0; round < 20; round++) {
            Path dir;
            try (Context ctx = Context.create()) {
                dir = ShmDirs.of(ctx);
                ctx.queue().put(round);
            }
            assertFalse(Files.exists(dir), "round " + round + " left " + dir);
        }
    }
}
