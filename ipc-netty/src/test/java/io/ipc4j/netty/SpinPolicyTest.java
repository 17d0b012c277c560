package io.ipc4j.netty;

import io.ipc4j.spi.ChannelSettings;
import io.ipc4j.spi.DirectListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * When a pipe end spins before it blocks, against an echoing peer in another JVM
 * ({@link EchoPeerMain}) that answers at once or, when asked, after a half-second pause.
 */
@Timeout(60)
class SpinPolicyTest {
    private static final byte[] KEY = "the right key, thirty-two bytes!".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] QUICK = {'q'};
    private static final byte[] PAUSED = {'p'};
    /** Long enough that a quick answer is found while spinning even on a busy machine; the pause is longer. */
    private static final long SPIN_NANOS = 1_000_000_000L;
    private static final long PAUSE_MILLIS = 2500;

    @Test
    void oneMissDoesNotStopSpinningButMissesInARowDoAndAQuickAnswerStartsItAgain() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "ipc4j-test-");
        ChannelSettings settings = new ChannelSettings(KEY, 1 << 20, "127.0.0.1", dir);
        Process peer = null;
        try (DirectListener l = DirectSockets.listen(true, settings, "spin", SPIN_NANOS)) {
            peer = startPeer(l.address());
            DirectSocketChannel ch = (DirectSocketChannel) l.accept(Duration.ofSeconds(30));
            for (int i = 0; i < 20; i++) {
                roundTrip(ch, QUICK);
            }
            assertTrue(ch.spinsNextWait());
            // a pause of the peer (a GC, a page fault) outlasts one spin: the next wait still spins,
            // or both ends would block on every message after it (each one's spin misses the other's wake-up)
            roundTrip(ch, PAUSED);
            assertTrue(ch.spinsNextWait(), "one spin that ended in blocking stopped spinning");
            // an idle peer: spins that keep missing are made rarer, so waiting costs no CPU
            roundTrip(ch, PAUSED);
            assertFalse(ch.spinsNextWait(), "a second miss in a row still spins on the next wait");
            // the skipped spin: a wait that blocks. An answer there before the wait began (the
            // peer answered before this end started to receive) skips no spin: hence a loop
            int skipped = 0;
            while (!ch.spinsNextWait() && skipped < 100) {
                roundTrip(ch, QUICK);
                skipped++;
            }
            assertTrue(skipped >= 1 && skipped < 100, "spins again after " + skipped + " waits, two misses in a row");
            roundTrip(ch, PAUSED); // a third miss in a row
            skipped = 0;
            while (!ch.spinsNextWait() && skipped < 100) {
                roundTrip(ch, QUICK); // an answer there before the wait began skips no spin: hence "at least"
                skipped++;
            }
            assertTrue(skipped >= 3 && skipped < 100, "spins again after " + skipped + " waits, three misses in a row");
            for (int i = 0; i < 20; i++) {
                roundTrip(ch, QUICK);
            }
            assertTrue(ch.spinsNextWait(), "answers found while spinning did not start spinning on every wait again");
            ch.close();
            assertTrue(peer.waitFor(30, TimeUnit.SECONDS), "the peer did not end");
            assertEquals(0, peer.exitValue());
        } finally {
            if (peer != null) {
                peer.destroyForcibly();
            }
            Files.deleteIfExists(dir); // the listener removed its socket file
        }
    }

    private static void roundTrip(DirectSocketChannel ch, byte[] body) {
        ch.send((byte) 1, body, 0, body.length);
        assertArrayEquals(body, ch.receive(-1).body());
    }

    private static Process startPeer(String address) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), EchoPeerMain.class.getName(), address,
                String.valueOf(PAUSE_MILLIS));
        pb.environment().put("PEER_AUTH_KEY", HexFormat.of().formatHex(KEY));
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.redirectOutput(ProcessBuilder.Redirect.INHERIT);
        return pb.start();
    }
}
