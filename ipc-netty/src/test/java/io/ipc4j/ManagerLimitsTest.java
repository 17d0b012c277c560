package io.ipc4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** What a manager does at its limits: a reply too large for a frame, several handles of one server. */
@Timeout(120)
class ManagerLimitsTest {
    private static final byte[] KEY = "0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    /** Keeps a proxy in the server and sends it back with a string. */
    public interface HolderApi {
        void keep(Map<String, Integer> d);

        void drop();

        Object[] keptAnd(int chars);
    }

    /** A {@link HolderApi} held by the server. */
    public static final class Holder implements HolderApi {
        private Map<String, Integer> kept;

        public Holder() {
        }

        @Override
        public void keep(Map<String, Integer> d) {
            kept = d;
        }

        @Override
        public void drop() {
            kept = null;
        }

        @Override
        public Object[] keptAnd(int chars) {
            return new Object[] {kept, "v".repeat(chars)};
        }
    }

    @Test
    void aDictRefusesANullKeyAsAConcurrentHashMapDoes() {
        try (Manager.Server s = Manager.builder().authKey(KEY).serve(); Manager h = Manager.connect(s.address(), KEY)) {
            Map<String, Integer> d = h.dict();
            assertThrows(NullPointerException.class, () -> d.remove(null, 1));
            assertFalse(d.remove("a", null));
        }
    }

    @Test
    void aReplyTooLargeForAFrameGivesBackTheCountsItTook() throws Exception {
        String before = System.getProperty(Config.MAX_FRAME_BYTES);
        System.setProperty(Config.MAX_FRAME_BYTES, String.valueOf(1 << 20));
        try (Manager.Server s = Manager.builder().authKey(KEY).register("Holder", Holder::new, HolderApi.class).serve();
             Manager h = Manager.connect(s.address(), KEY)) {
            HolderApi holder = h.create("Holder", HolderApi.class);
            holder.keep(h.dict());
            assertEquals(2, holder.keptAnd(10).length);
            assertThrows(FrameTooLargeException.class, () -> holder.keptAnd(2 << 20));
            holder.drop();
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
            while (h.liveObjects() != 1 && System.nanoTime() < deadline) {
                System.gc();
                Thread.sleep(50);
            }
            assertEquals(1, h.liveObjects(), "only the holder: the dict's count in the reply not sent went back");
        } finally {
            restore(before);
        }
    }

    private static void restore(String maxFrameBytes) {
        if (maxFrameBytes == null) {
            System.clearProperty(Config.MAX_FRAME_BYTES);
        } else {
            System.setProperty(Config.MAX_FRAME_BYTES, maxFrameBytes);
        }
    }

    @Test
    void aReplyTooLargeForAFrameFailsThatCallOnly() {
        String before = System.getProperty(Config.MAX_FRAME_BYTES);
        System.setProperty(Config.MAX_FRAME_BYTES, String.valueOf(1 << 20));
        try (Manager.Server s = Manager.builder().authKey(KEY).serve(); Manager h = Manager.connect(s.address(), KEY)) {
            Map<Integer, String> d = h.dict();
            Map<Integer, String> other = h.dict();
            other.put(1, "x");
            char[] c = new char[1000];
            Arrays.fill(c, 'v');
            String v = new String(c);
            for (int i = 0; i < 2000; i++) {
                d.put(i, v);
            }
            assertThrows(FrameTooLargeException.class, d::toString);
            assertEquals("x", other.get(1));
            assertEquals(v, d.get(7));
        } finally {
            if (before == null) {
                System.clearProperty(Config.MAX_FRAME_BYTES);
            } else {
                System.setProperty(Config.MAX_FRAME_BYTES, before);
            }
        }
    }

    @Test
    void aContextsManagerTakesTheContextsFrameLimitOnBothSides() {
        try (Context mp = Context.create(Map.of(Config.MAX_FRAME_BYTES, String.valueOf(64 << 10)));
             Manager m = mp.manager()) {
            Map<Integer, String> d = m.dict();
            // the caller's connection refuses to send more than the context allows (the JVM allows 256 MiB)
            FrameTooLargeException sent = assertThrows(FrameTooLargeException.class, () -> d.put(0, "v".repeat(100_000)));
            assertTrue(sent.getMessage().contains("it was not sent"), sent.getMessage());
            for (int i = 0; i < 100; i++) {
                d.put(i, "v".repeat(1000) + i);
            }
            // the server's connection refuses to send a reply above it: that call fails, in the server's words
            FrameTooLargeException reply = assertThrows(FrameTooLargeException.class, d::toString);
            assertTrue(reply.getMessage().contains("the manager's reply"), reply.getMessage());
            assertEquals(100, d.size());
        }
    }

    @Test
    void closingOneOfTwoHandlesOfAServerLeavesTheOtherWorking() {
        try (Manager.Server s = Manager.builder().authKey(KEY).serve()) {
            Manager h1 = Manager.connect(s.address(), KEY);
            Manager h2 = Manager.connect(s.address(), KEY);
            Map<String, Integer> d2 = h2.dict();
            d2.put("a", 1);
            h1.close();
            h1.close();
            d2.put("b", 2);
            assertEquals(2, h2.dict(d2).size());
            h2.close();
            assertThrows(ManagerLostException.class, () -> d2.put("c", 3));
            try (Manager h3 = Manager.connect(s.address(), KEY)) {
                assertEquals(0, h3.dict().size());
            }
        }
    }

    @Test
    void aServerBoundToEveryInterfaceGivesARoutableAddress() throws Exception {
        try (Manager.Server s = Manager.builder().authKey(KEY).address(Address.tcp("0.0.0.0", 0)).serve()) {
            assertFalse(java.net.InetAddress.getByName(s.address().host()).isAnyLocalAddress(), s.address().toString());
            try (Manager h = Manager.connect(s.address(), KEY)) {
                assertTrue(h.namespace().toString().contains(s.address().toString()), h.namespace().toString());
            }
        }
        try (Context mp = Context.create();
             Manager m = Manager.builder().address(Address.tcp("0.0.0.0", 0)).start(mp)) {
            assertFalse(java.net.InetAddress.getByName(m.address().host()).isAnyLocalAddress(), m.address().toString());
            m.dict().put("a", 1);
        }
    }

    @Test
    void aListLargerThanAFrameIteratesInBatches() {
        String before = System.getProperty(Config.MAX_FRAME_BYTES);
        System.setProperty(Config.MAX_FRAME_BYTES, String.valueOf(1 << 20));
        try (Manager.Server s = Manager.builder().authKey(KEY).serve(); Manager h = Manager.connect(s.address(), KEY)) {
            java.util.List<String> l = h.list();
            String v = "v".repeat(100);
            for (int i = 0; i < 50; i++) {
                java.util.List<String> part = new java.util.ArrayList<>();
                for (int j = 0; j < 400; j++) {
                    part.add(v + i + "-" + j); // distinct strings: no back-references shrink the reply
                }
                l.addAll(part);
            }
            int n = 0;
            for (String e : l) {
                assertTrue(e.startsWith(v));
                n++;
            }
            assertEquals(20_000, n);
            assertEquals(20_000, l.toArray().length);
            assertEquals(v + "49-399", l.get(19_999));
        } finally {
            restore(before);
        }
    }
}
