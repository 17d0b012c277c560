package io.ipc4j;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.*;

/** A negative array length is refused with an IllegalArgumentException that names it. */
@Timeout(60)
class ArrayLengthTest {
    private Context mp;

    @BeforeEach
    void open() {
        mp = Context.create();
    }

    @AfterEach
    void close() {
        mp.close();
    }

    private static void refused(Executable make) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, make);
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
    }

    @Test
    void everyArrayFactoryRefusesANegativeLength() {
        refused(() -> mp.intArray(-1));
        refused(() -> mp.longArray(-1));
        refused(() -> mp.doubleArray(-1));
        refused(() -> mp.byteArray(-1));
        assertEquals(0, mp.intArray(0).length());
        assertEquals(3, mp.byteArray(3).length());
    }
}
