package io.ipc4j.chronicle;

import com.esotericsoftware.kryo.io.Output;
import io.ipc4j.internal.wire.ObjectCodec;
import net.openhft.chronicle.bytes.Bytes;

import java.util.Arrays;

/**
 * Integers in and out of a queue without Kryo: the same bytes Kryo writes for an
 * {@link Integer} (its class tag, then the value as a zig-zag varint), written and read by
 * hand. Kryo costs a queue item of one Integer a tenth of its put and of its get, most of it
 * in clearing its reference maps after each object. The bytes stay Kryo's, so any consumer
 * reads them either way, and items written before stay readable. The tag is learned from the
 * codec itself when this class loads; should the codec ever write Integers otherwise, the
 * fast path is off and every item goes through Kryo.
 */
final class BoxedInts {
    /** Kryo's class tag of Integer, or -1 when the fast path is off. */
    private static final int TAG = learnTag();

    private BoxedInts() {
    }

    private static int learnTag() {
        try {
            byte[] zero = ObjectCodec.toBytes(0);
            if (zero.length != 2 || zero[1] != 0) {
                return -1;
            }
            int tag = zero[0] & 0xff;
            for (int v : new int[] {1, -1, 63, -64, 64, 300, -100_000, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
                byte[] kryo = ObjectCodec.toBytes(v);
                boolean same = Arrays.equals(kryo, encode(tag, v));
                if (!same || !Integer.valueOf(v).equals(decode(tag, kryo, kryo.length))) {
                    return -1;
                }
            }
            return tag;
        } catch (RuntimeException | LinkageError e) {
            return -1;
        }
    }

    private static byte[] encode(int tag, int v) {
        Output out = new Output(8);
        out.writeByte(tag);
        out.writeVarInt(v, false);
        return out.toBytes();
    }

    /** Whether Integers take the fast path: when false, {@link #write(Bytes, int)} must not be used. */
    static boolean enabled() {
        return TAG >= 0;
    }

    /** How many bytes {@link #write(Bytes, int)} writes for {@code v}. */
    static int length(int v) {
        int zigzag = (v << 1) ^ (v >> 31);
        return 2 + (31 - Integer.numberOfLeadingZeros(zigzag | 1)) / 7;
    }

    /** Writes {@code v} as Kryo writes an Integer; only when {@link #enabled()}. */
    static void write(Bytes<?> bytes, int v) {
        bytes.writeByte((byte) TAG);
        int zigzag = (v << 1) ^ (v >> 31);
        while ((zigzag & ~0x7f) != 0) {
            bytes.writeByte((byte) ((zigzag & 0x7f) | 0x80));
            zigzag >>>= 7;
        }
        bytes.writeByte((byte) zigzag);
    }

    /** The Integer in {@code bytes[0, length)}, or null when they hold something else. */
    static Integer read(byte[] bytes, int length) {
        return TAG < 0 ? null : decode(TAG, bytes, length);
    }

    private static Integer decode(int tag, byte[] bytes, int length) {
        if (length < 2 || length > 6 || (bytes[0] & 0xff) != tag) {
            return null;
        }
        int zigzag = 0;
        for (int i = 1, shift = 0; i < length; i++, shift += 7) {
            int b = bytes[i];
            boolean last = i == length - 1;
            if ((b & 0x80) == 0 ? !last : last) {
                return null; // not one varint filling the item exactly
            }
            zigzag |= (b & 0x7f) << shift;
        }
        return (zigzag >>> 1) ^ -(zigzag & 1);
    }
}
