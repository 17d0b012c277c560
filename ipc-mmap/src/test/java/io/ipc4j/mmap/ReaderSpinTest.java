package io.ipc4j.mmap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** When a shm reader spins: at once only after a wait that spinning served, else in a probe now and then. */
@Timeout(10)
class ReaderSpinTest {
    private static final long SPIN = 20_000;

    @Test
    void aReaderYieldsAtOnceButProbesEverySoOften() {
        ReaderSpin spin = new ReaderSpin(SPIN);
        for (int round = 0; round < 3; round++) {
            for (int i = 1; i < ReaderSpin.WAITS_BETWEEN_PROBES; i++) {
                assertEquals(0, spin.nextSpinNanos(), "wait " + i);
                spin.ended(false);
            }
            assertEquals(ReaderSpin.PROBE_NANOS, spin.nextSpinNanos());
            spin.ended(false);
        }
    }

    @Test
    void aMessageCaughtWhileSpinningKeepsTheReaderSpinningUntilAWaitOutlastsTheSpin() {
        ReaderSpin spin = new ReaderSpin(SPIN);
        while (spin.nextSpinNanos() == 0) {
            spin.ended(false);
        }
        spin.ended(true);
        for (int i = 0; i < 3 * ReaderSpin.WAITS_BETWEEN_PROBES; i++) {
            assertEquals(SPIN, spin.nextSpinNanos());
            spin.ended(true);
        }
        assertEquals(SPIN, spin.nextSpinNanos());
        spin.ended(false);
        assertEquals(0, spin.nextSpinNanos());
    }

    @Test
    void noSpinningSettingMeansNoSpin() {
        ReaderSpin spin = new ReaderSpin(0);
        for (int i = 0; i < 2 * ReaderSpin.WAITS_BETWEEN_PROBES; i++) {
            assertEquals(0, spin.nextSpinNanos());
            spin.ended(false);
        }
    }
}
