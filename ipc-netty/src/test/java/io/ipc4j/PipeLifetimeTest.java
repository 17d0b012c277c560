package io.ipc4j;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A coordinator that makes and drops pipes does not keep them: meetings go once the ends
 * have met, dropped pipes are forgotten, and ends dropped without close() are closed.
 */
@Timeout(180)
class PipeLifetimeTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private Context mp;

    @BeforeEach
    void open() {
        mp = Context.create();
    }

    @AfterEach
    void close() {
        mp.close();
    }

    private int meetings() {
        return mp.pipeBookkeeping()[0];
    }

    private static int openFiles() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? -1 : fds.length;
    }

    /** Collects garbage until {@code figure} is at most {@code bound} (cleaners run after a collection), or 30 s. */
    private static int settle(IntSupplier figure, int bound) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        int now = figure.getAsInt();
        while (now > bound && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(50);
            now = figure.getAsInt();
        }
        return now;
    }

    @Test
    void theMeetingOfAPipeGoesOnceItsEndsHaveMetHereOrInAChild() {
        int before = meetings();
        for (int i = 0; i < 100; i++) {
            Pipe p = mp.pipe();
            p.left().send(i);
            assertEquals(i, p.right().recv(WAIT));
            p.left().close();
            p.right().close();
        }
        Pipe withChild = mp.pipe();
        ChildProcess echo = mp.process(PipeTest::echo, withChild.right()).start();
        withChild.left().sendBytes(new byte[] {7});
        assertArrayEquals(new byte[] {7}, withChild.left().recvBytes(WAIT));
        withChild.left().close();
        assertTrue(echo.join(WAIT));
        assertEquals(before, meetings(), "meetings of pipes whose ends met are kept");
        IllegalStateException again = assertThrows(IllegalStateException.class,
                () -> withChild.right().send("second claim"));
        assertTrue(again.getMessage().contains("already in use"), again.getMessage());
    }

    @Test
    void pipesDroppedUnusedAreForgottenAndEndsDroppedWithoutCloseAreClosed() throws InterruptedException {
        Pipe warm = mp.pipe();
        warm.left().send("warm");
        assertEquals("warm", warm.right().recv(WAIT));
        warm.left().close();
        warm.right().close();
        int meetingsBefore = meetings();
        System.gc();
        Thread.sleep(200);
        int fdsBefore = openFiles();

        List<WeakReference<Connection>> unused = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            unused.add(new WeakReference<>(mp.pipe().left()));
        }
        for (int i = 0; i < 300; i++) {
            Pipe p = mp.pipe();
            p.right().send(i);
            assertEquals(i, p.left().recv(WAIT)); // used, then dropped without close()
        }

        int fds = settle(PipeLifetimeTest::openFiles, fdsBefore + 8);
        assertTrue(fds <= fdsBefore + 8, fds + " open files, " + fdsBefore + " before: dropped ends were not closed");
        int meetings = settle(this::meetings, meetingsBefore);
        assertEquals(meetingsBefore, meetings, "meetings of dropped pipes are kept");
        assertEquals(0, settle(() -> mp.pipeBookkeeping()[1], 0), "dropped pipes are still listed as unsettled");
        for (WeakReference<Connection> end : unused) {
            assertNull(end.get(), "an end dropped unused is still referenced");
        }
    }

    @Test
    void anEndKeptWhileItsPeerWentToAChildStillReceives() {
        Pipe pipe = mp.pipe();
        ChildProcess p = mp.process((Connection c) -> {
            c.send("from the child");
            c.close();
        }, pipe.right()).start();
        assertTrue(p.join(WAIT));
        assertEquals("from the child", pipe.left().recv(WAIT));
        assertThrows(ConnectionEOFException.class, () -> pipe.left().recv(WAIT));
    }
}
