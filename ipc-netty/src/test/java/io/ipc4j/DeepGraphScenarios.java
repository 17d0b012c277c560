package io.ipc4j;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import io.ipc4j.internal.wire.ObjectCodec;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The coordinator side of {@link DeepGraphTest}, each scenario in a JVM of its own: a stack
 * overflow inside Kryo once broke {@code StringBuffer} for the whole JVM, test runner included.
 * Exits 0 when the scenario named by the argument passed.
 */
public final class DeepGraphScenarios {
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Deeper than ipc4j serializes at all. */
    private static final int TOO_DEEP = 300_000;
    private static Context mp;
    private static Pool pool;

    /** A plain serializable linked list node, serialized field by field. */
    static final class Node implements Serializable {
        final int value;
        final Node next;

        Node(int value, Node next) {
            this.value = value;
            this.next = next;
        }

        static Node chain(int length) {
            Node head = null;
            for (int i = length; i > 0; i--) {
                head = new Node(i, head);
            }
            return head;
        }

        int length() {
            int n = 0;
            for (Node x = this; x != null; x = x.next) {
                n++;
            }
            return n;
        }
    }

    private DeepGraphScenarios() {
    }

    public static void main(String[] args) throws Exception {
        mp = Context.create();
        try {
            switch (args[0]) {
                case "queue" -> queueCarriesDeepListsToAChildAndBack();
                case "peer" -> aPeerSendingAGraphTooDeepGivesTheReceiverASerializationException();
                case "small-stack" -> aThreadWithASmallStackSendsADeepGraph();
                default -> {
                    pool = mp.pool(2);
                    try {
                        if (args[0].equals("pool")) {
                            poolMapsDeepListsBothWaysAndGoesOn();
                        } else if (args[0].equals("too-deep")) {
                            tooDeepFailsEachSendingCallInTheCallerAndNothingBreaks();
                        } else {
                            throw new IllegalArgumentException(args[0]);
                        }
                    } finally {
                        pool.close();
                    }
                }
            }
        } finally {
            mp.close();
        }
        System.out.println("passed " + args[0]);
        System.exit(0);
    }

    private static void assertThisJvmStillWorks() {
        assertEquals("ok1", new StringBuffer("ok").append(1).toString());
        assertEquals(3000, ((Node) ObjectCodec.fromBytes(ObjectCodec.toBytes(Node.chain(3000)))).length());
    }

    static void poolMapsDeepListsBothWaysAndGoesOn() {
        assertEquals(List.of(3000, 100_000),
                pool.map(Node::length, List.of(Node.chain(3000), Node.chain(100_000))));
        List<Node> back = pool.map(Node::chain, List.of(3000, 100_000));
        assertEquals(3000, back.get(0).length());
        assertEquals(100_000, back.get(1).length());
        assertEquals(List.of(0, 1, 4, 9), pool.map((Integer x) -> x * x, List.of(0, 1, 2, 3)));
        assertThisJvmStillWorks();
    }

    static void queueCarriesDeepListsToAChildAndBack() {
        Queue<Node> q = mp.queue();
        Queue<Object> back = mp.queue();
        q.put(Node.chain(3000));
        q.put(Node.chain(100_000));
        ChildProcess child = mp.process((Queue<Node> in, Queue<Object> out) -> {
            out.put(in.get().length());
            out.put(in.get().length());
            out.put(Node.chain(100_000));
        }, q, back).start();
        assertEquals(3000, back.get(WAIT));
        assertEquals(100_000, back.get(WAIT));
        assertEquals(100_000, ((Node) back.get(WAIT)).length());
        assertTrue(child.join(WAIT));
        assertEquals(0, child.exitCode().orElseThrow());
        assertThisJvmStillWorks();
    }

    static void tooDeepFailsEachSendingCallInTheCallerAndNothingBreaks() throws Exception {
        Node tooDeep = Node.chain(TOO_DEEP);
        Queue<Object> q = mp.queue();
        SerializationException put = assertThrows(SerializationException.class, () -> q.put(tooDeep));
        assertTrue(put.getMessage().contains(Node.class.getName()), put.getMessage());
        assertTrue(put.getMessage().contains("nested deeper than"), put.getMessage());
        assertThrows(SerializationException.class, () -> pool.map(Node::length, List.of(tooDeep)));
        assertThrows(SerializationException.class, () -> mp.process(() -> tooDeep.length()).start());
        Pipe pipe = mp.pipe();
        try {
            assertThrows(SerializationException.class, () -> pipe.left().send(tooDeep));
            pipe.left().send("after");
            assertEquals("after", pipe.right().recv(WAIT));
        } finally {
            pipe.left().close();
            pipe.right().close();
        }
        q.put("after");
        assertEquals("after", q.get(WAIT));
        assertEquals(List.of(2, 3), pool.map((Integer x) -> x + 1, List.of(1, 2)));
        assertThisJvmStillWorks();
    }

    static void aPeerSendingAGraphTooDeepGivesTheReceiverASerializationException() throws Exception {
        byte[] tooDeep = unlimitedKryoBytes(Node.chain(TOO_DEEP));
        byte[] deep = unlimitedKryoBytes(Node.chain(100_000));
        Pipe pipe = mp.pipe();
        ChildProcess child = mp.process((Connection in) -> {
            byte[] first = in.recvBytes();
            try {
                ObjectCodec.fromBytes(first);
                in.send("decoded a graph deeper than the limit");
            } catch (SerializationException e) {
                in.send(e.getMessage());
            }
            in.send(((Node) ObjectCodec.fromBytes(in.recvBytes())).length());
            in.send(new StringBuffer("still").append(" working").toString());
        }, pipe.right()).start();
        Connection out = pipe.left();
        out.sendBytes(tooDeep);
        out.sendBytes(deep);
        String verdict = (String) out.recv(WAIT);
        assertTrue(verdict.contains("nested deeper than"), verdict);
        assertEquals(100_000, out.recv(WAIT));
        assertEquals("still working", out.recv(WAIT));
        assertTrue(child.join(WAIT));
        assertEquals(0, child.exitCode().orElseThrow());
        out.close();
    }

    static void aThreadWithASmallStackSendsADeepGraph() throws Exception {
        Queue<Node> q = mp.queue();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread small = new Thread(null, () -> {
            try {
                q.put(Node.chain(3000));
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "small-stack", 128 * 1024);
        small.start();
        small.join();
        assertNull(failure.get());
        assertEquals(3000, q.get(WAIT).length());
        assertThisJvmStillWorks();
    }

    /** What a peer with no depth limit (another version, or a hostile one) would send. */
    private static byte[] unlimitedKryoBytes(Object graph) throws InterruptedException {
        AtomicReference<byte[]> bytes = new AtomicReference<>();
        Thread writer = new Thread(null, () -> {
            Kryo kryo = new Kryo();
            kryo.setRegistrationRequired(false);
            kryo.setReferences(true);
            Output output = new Output(1 << 16, -1);
            kryo.writeClassAndObject(output, graph);
            bytes.set(output.toBytes());
        }, "unlimited-kryo", 2L << 30);
        writer.start();
        writer.join();
        assertNotNull(bytes.get(), "the unlimited writer failed");
        return bytes.get();
    }
}
