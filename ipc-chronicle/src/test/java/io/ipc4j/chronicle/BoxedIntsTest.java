package io.ipc4j.chronicle;

import io.ipc4j.internal.wire.ObjectCodec;
import net.openhft.chronicle.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Integers bypass Kryo in a Chronicle queue yet keep Kryo's bytes, so that either side may
 * read them: the fast path must be on with the codec as it is, and must write and read
 * exactly what the codec does.
 */
@Timeout(30)
class BoxedIntsTest {

    @Test
    void anIntegerIsWrittenAsTheCodecWritesItAndReadBack() {
        Random random = new Random(7);
        int[] values = new int[2000];
        for (int i = 0; i < values.length; i++) {
            values[i] = i < 1000 ? i - 500 : random.nextInt() >> random.nextInt(32);
        }
        values[0] = Integer.MAX_VALUE;
        values[1] = Integer.MIN_VALUE;
        assertTrue(BoxedInts.enabled(), "the fast path is off: the codec no longer writes Integers as expected");
        Bytes<?> bytes = Bytes.allocateElasticOnHeap(16);
        for (int v : values) {
            bytes.clear();
            BoxedInts.write(bytes, v);
            byte[] written = bytes.toByteArray();
            byte[] kryo = ObjectCodec.toBytes(v);
            assertArrayEquals(kryo, written, "bytes of " + v);
            assertEquals(kryo.length, BoxedInts.length(v), "length of " + v);
            assertEquals(v, BoxedInts.read(kryo, kryo.length), "read back " + v);
            assertEquals(v, ObjectCodec.fromBytes(written), "the codec reads " + v);
        }
    }

    @Test
    void everythingElseIsLeftToTheCodec() {
        for (Object item : Arrays.asList(null, 5L, (short) 5, "5", 5.0, List.of(5), new int[] {5})) {
            byte[] kryo = ObjectCodec.toBytes(item);
            assertNull(BoxedInts.read(kryo, kryo.length), "read as an Integer: " + item);
        }
        byte[] five = ObjectCodec.toBytes(5);
        byte[] longer = Arrays.copyOf(five, five.length + 1);
        assertNull(BoxedInts.read(longer, longer.length), "bytes after the varint");
        byte[] big = ObjectCodec.toBytes(Integer.MAX_VALUE);
        assertNull(BoxedInts.read(big, big.length - 1), "a varint cut short");
    }
}
