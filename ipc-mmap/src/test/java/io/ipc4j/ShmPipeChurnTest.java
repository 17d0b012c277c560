package io.ipc4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A JVM that opens and closes many shm pipes in a heap the collector has no reason to
 * visit does not pile up their segments' mappings: mapping beyond a budget has the dropped
 * ones collected first, as the shared objects do.
 */
@Timeout(180)
class ShmPipeChurnTest {
    /** 400 pipes, two mappings of 512 KiB each (both ends in one JVM): 400 MiB if none were unmapped. */
    private static final int PIPES = 400;

    @Test
    void closedPipesDoNotPileUpSegmentMappings() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // a young generation that the pipes' garbage does not fill, and no thread-local allocation buffers
        // (each pipe's short-lived acceptor thread would leave megabytes of one unused): no collection unless
        // asked for
        Process p = new ProcessBuilder(java, "-XX:+UseSerialGC", "-Xms512m", "-Xmx512m", "-Xmn400m", "-XX:-UseTLAB",
                "-cp", System.getProperty("java.class.path"), ShmPipeChurnMain.class.getName(), "" + PIPES)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(150, TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        Matcher m = Pattern.compile("mappings=(\\d+) collections=(\\d+)").matcher(out);
        assertTrue(m.find(), out);
        System.out.println("ShmPipeChurnTest: " + m.group());
        int mappings = Integer.parseInt(m.group(1));
        // the budget is 32 MiB (64 segments) while nothing is in use; more if the cleaner was slow to run
        assertTrue(mappings <= 200, mappings + " mappings of closed pipes' segments stayed (of " + 2 * PIPES
                + "); " + out);
    }
}
