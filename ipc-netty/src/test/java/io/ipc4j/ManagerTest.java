package io.ipc4j;

import io.ipc4j.internal.manager.ManagerClient;
import io.ipc4j.internal.manager.Managers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The Manager's dict, list and namespace (the JDK contracts they implement), used from this
 * process, from children, pool tasks, a queue and many threads; nested proxies; batched
 * iteration; bad input. One manager serves every test.
 */
@Timeout(120)
class ManagerTest {
    private static Context mp;
    static Manager m;

    @BeforeAll
    static void start() {
        startOn("uds");
    }

    /** Starts the context on {@code channel} (a subclass's own {@code start} hides the one above) and its manager. */
    static void startOn(String channel) {
        mp = Context.create(Map.of(Config.CHANNEL, channel));
        m = mp.manager();
    }

    @AfterAll
    static void stop() {
        m.close();
        mp.close();
    }

    @Test
    void dictFollowsTheConcurrentMapContract() {
        Map<String, Integer> d = m.dict();
        assertInstanceOf(ConcurrentMap.class, d);
        ConcurrentMap<String, Integer> c = (ConcurrentMap<String, Integer>) d;
        assertTrue(d.isEmpty());
        assertNull(d.put("a", 1));
        assertEquals(1, d.put("a", 2));
        assertEquals(2, d.get("a"));
        assertNull(d.get("missing"));
        assertEquals(7, d.getOrDefault("missing", 7));
        assertTrue(d.containsKey("a"));
        assertTrue(d.containsValue(2));
        assertFalse(d.containsValue(3));
        assertEquals(2, c.putIfAbsent("a", 5));
        assertNull(c.putIfAbsent("b", 5));
        assertFalse(c.remove("b", 6));
        assertTrue(c.replace("b", 5, 6));
        assertEquals(6, c.replace("b", 8));
        assertNull(c.replace("none", 1));
        assertEquals(10, d.merge("a", 8, (BiFunction<Integer, Integer, Integer> & Serializable) Integer::sum));
        assertEquals(11, d.compute("a", (BiFunction<String, Integer, Integer> & Serializable) (k, v) -> v + 1));
        assertEquals(3, d.computeIfAbsent("abc", (Function<String, Integer> & Serializable) String::length));
        assertNull(d.computeIfPresent("zzz", (BiFunction<String, Integer, Integer> & Serializable) (k, v) -> 1));
        assertNull(d.compute("abc", (BiFunction<String, Integer, Integer> & Serializable) (k, v) -> null));
        assertFalse(d.containsKey("abc"));
        d.replaceAll((BiFunction<String, Integer, Integer> & Serializable) (k, v) -> v * 10);
        assertEquals(Map.of("a", 110, "b", 80), d);
        assertEquals(new HashMap<>(Map.of("a", 110, "b", 80)).hashCode(), d.hashCode());
        assertTrue(d.toString().contains("a=110"));
        assertEquals(80, d.remove("b"));
        assertEquals(1, d.size());

        d.putAll(Map.of("x", 1, "y", 2, "z", 3));
        assertEquals(Set.of("a", "x", "y", "z"), d.keySet());
        assertEquals(116, d.values().stream().mapToInt(Integer::intValue).sum());
        for (Iterator<Map.Entry<String, Integer>> it = d.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Integer> e = it.next();
            if (e.getKey().equals("x")) {
                it.remove();
            } else if (e.getKey().equals("y")) {
                e.setValue(20);
            }
        }
        assertEquals(Map.of("a", 110, "y", 20, "z", 3), d);
        assertTrue(d.keySet().remove("z"));
        assertTrue(d.entrySet().contains(Map.entry("y", 20)));
        Map<String, Integer> seen = new HashMap<>();
        d.forEach(seen::put);
        assertEquals(Map.of("a", 110, "y", 20), seen);
        d.clear();
        assertTrue(d.isEmpty());
    }

    @Test
    void dictRefusesNullKeysAndValuesAsConcurrentHashMapDoes() {
        Map<String, Integer> d = m.dict();
        assertThrows(NullPointerException.class, () -> d.put(null, 1));
        assertThrows(NullPointerException.class, () -> d.put("a", null));
        assertThrows(NullPointerException.class, () -> d.get(null));
        assertThrows(NullPointerException.class, () -> d.containsKey(null));
        assertThrows(NullPointerException.class, () -> m.dict(Collections1.mapWithNullKey()));
        assertTrue(d.isEmpty());
    }

    /** Maps the JDK's factories refuse to make. */
    static final class Collections1 {
        static Map<String, Integer> mapWithNullKey() {
            Map<String, Integer> h = new HashMap<>();
            h.put(null, 1);
            return h;
        }
    }

    @Test
    void aCallerAlreadyInterruptedGetsItsResultAndKeepsItsInterruptStatus() {
        Map<String, Integer> d = m.dict();
        Thread.currentThread().interrupt();
        try {
            assertNull(d.put("k", 1));
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
        assertEquals(1, d.get("k"));
    }

    @Test
    void atomicUpdatesFromTwoChildrenLoseNothing() {
        Map<String, Integer> d = m.dict(Map.of("n", 0));
        List<ChildProcess> children = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
            children.add(mp.process(() -> {
                for (int i = 0; i < 300; i++) {
                    d.merge("n", 1, (BiFunction<Integer, Integer, Integer> & Serializable) Integer::sum);
                }
            }).start());
        }
        children.forEach(ChildProcess::join);
        children.forEach(p -> assertEquals(0, p.exitCode().getAsInt()));
        assertEquals(600, d.get("n"));
    }

    @Test
    void aFunctionThatIsNotSerializableFailsClearlyBeforeItIsSent() {
        Map<String, Integer> d = m.dict(Map.of("a", 1));
        SerializationException e = assertThrows(SerializationException.class, () -> d.compute("a", (k, v) -> v + 1));
        assertTrue(e.getMessage().contains("must be serializable"), e.getMessage());
        assertThrows(SerializationException.class, () -> d.merge("a", 1, Integer::sum));
        assertEquals(1, d.get("a"));
    }

    @Test
    void listFollowsTheListContract() {
        List<String> l = m.list(List.of("b", "a"));
        assertEquals(List.of("b", "a"), l);
        assertTrue(l.add("c"));
        l.add(0, "z");
        assertEquals("z", l.get(0));
        assertEquals("z", l.set(0, "y"));
        assertEquals(List.of("y", "b", "a", "c"), l);
        assertEquals(2, l.indexOf("a"));
        assertTrue(l.contains("c"));
        assertTrue(l.add(null));
        assertEquals(4, l.indexOf(null));
        assertTrue(l.remove(null));
        assertEquals("y", l.remove(0));
        assertTrue(l.addAll(List.of("d", "e")));
        assertTrue(l.addAll(1, List.of("x")));
        assertEquals(List.of("b", "x", "a", "c", "d", "e"), l);
        assertThrows(IndexOutOfBoundsException.class, () -> l.get(99));
        l.sort(null);
        assertEquals(List.of("a", "b", "c", "d", "e", "x"), l);
        l.sort((Comparator<String> & Serializable) Comparator.reverseOrder());
        assertEquals("x", l.get(0));
        assertTrue(l.removeIf((Predicate<String> & Serializable) s -> s.compareTo("c") < 0));
        l.replaceAll((UnaryOperator<String> & Serializable) String::toUpperCase);
        assertEquals(List.of("X", "E", "D", "C"), l);
        List<String> sub = l.subList(1, 3);
        assertEquals(List.of("E", "D"), sub);
        sub.set(0, "e");
        assertEquals("e", l.get(1));
        for (ListIterator<String> it = l.listIterator(); it.hasNext(); ) {
            String s = it.next();
            if (s.equals("D")) {
                it.remove();
            } else if (s.equals("C")) {
                it.set("c");
            }
        }
        assertEquals(List.of("X", "e", "c"), l);
        assertEquals(List.of("X", "e", "c").hashCode(), l.hashCode());
        assertEquals("[X, e, c]", l.toString());
        assertArrayEquals(new String[] {"X", "e", "c"}, l.toArray(new String[0]));
        assertTrue(l.retainAll(List.of("X", "c")));
        assertTrue(l.removeAll(List.of("X")));
        assertEquals(List.of("c"), l);
        l.clear();
        assertTrue(l.isEmpty());
    }

    @Test
    void namespaceHasNamedAttributesSeenByChildren() {
        Namespace ns = m.namespace();
        ns.set("x", 1);
        ns.set("nothing", null);
        assertEquals(1, ns.get("x"));
        assertEquals(1, ns.get("x", Integer.class));
        assertNull(ns.get("nothing"));
        assertTrue(ns.has("nothing"));
        NoSuchElementException e = assertThrows(NoSuchElementException.class, () -> ns.get("y"));
        assertTrue(e.getMessage().contains("'y'"));
        assertInstanceOf(RemoteTraceback.class, e.getCause());
        ChildProcess p = mp.process(() -> ns.set("y", (Integer) ns.get("x") + 1)).start();
        p.join();
        assertEquals(2, ns.get("y"));
        assertEquals(Set.of("nothing", "x", "y"), ns.names());
        assertTrue(ns.remove("x"));
        assertFalse(ns.has("x"));
    }

    @Test
    void proxiesReachTheSameObjectFromPoolTasksAQueueAndThreads() throws Exception {
        Map<Integer, Integer> d = m.dict();
        try (Pool pool = mp.pool(2)) {
            pool.map((Integer x) -> d.put(x, x * x), List.of(1, 2, 3, 4));
        }
        assertEquals(Map.of(1, 1, 2, 4, 3, 9, 4, 16), d);

        Queue<List<String>> q = mp.queue();
        List<String> l = m.list();
        q.put(l);
        ChildProcess p = mp.process(() -> q.get().add("from a child that took it off a queue")).start();
        p.join();
        assertEquals(List.of("from a child that took it off a queue"), l);

        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int base = 100 + t * 1000;
                fs.add(threads.submit(() -> {
                    for (int i = 0; i < 250; i++) {
                        d.put(base + i, i);
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(4 + 1000, d.size());
    }

    @Test
    void nestedProxiesStayReferencesAndKeepTheirObjectsAlive() {
        // CPython's test_dict_proxy_nested
        Map<String, Integer> pets = m.dict(Map.of("ferrets", 2, "hamsters", 4));
        Map<String, Integer> supplies = m.dict(Map.of("water", 10, "feed", 3));
        Map<String, Map<String, Integer>> d = m.dict(Map.of("pets", pets, "supplies", supplies));
        assertEquals(10, d.get("supplies").get("water"));
        d.get("supplies").put("blankets", 5);
        assertEquals(5, supplies.get("blankets"));
        d.get("supplies").put("water", 7);
        assertEquals(7, supplies.get("water"));
        mp.process(() -> d.get("pets").put("cats", 1)).start().join();
        assertEquals(1, pets.get("cats"));

        pets = null;
        supplies = null;
        collectGarbageAndLetReleasesGo();
        assertEquals(2, d.get("pets").get("ferrets"));
        d.get("supplies").put("blankets", 11);
        assertEquals(11, d.get("supplies").get("blankets"));

        Map<String, Integer> pets2 = d.get("pets");
        Map<String, Integer> supplies2 = d.get("supplies");
        d.clear();
        assertTrue(d.isEmpty());
        collectGarbageAndLetReleasesGo();
        assertEquals(7, supplies2.get("water"));
        assertEquals(4, pets2.get("hamsters"));

        List<Map<String, Integer>> l = m.list(List.of(pets2, supplies2));
        l.get(0).put("marmots", 1);
        assertEquals(1, pets2.get("marmots"));
        pets2 = null;
        supplies2 = null;
        collectGarbageAndLetReleasesGo();
        assertEquals(1, l.get(0).get("marmots"));
        assertEquals(11, l.get(1).get("blankets"));
    }

    @Test
    void aPlainValueStoredInADictIsACopy() {
        Map<String, List<Integer>> d = m.dict();
        List<Integer> local = new ArrayList<>(List.of(1));
        d.put("l", local);
        local.add(2);
        d.get("l").add(3);
        assertEquals(List.of(1), d.get("l"));
        List<Integer> shared = m.list(List.of(1));
        d.put("shared", shared);
        d.get("shared").add(2);
        assertEquals(List.of(1, 2), shared);
    }

    @Test
    void iterationAndBulkCallsAreOneRoundTripEach() {
        Map<Integer, String> d = m.dict();
        ManagerClient client = Managers.clientOf(d);
        Map<Integer, String> many = IntStream.range(0, 5000).boxed().collect(Collectors.toMap(i -> i, i -> "v" + i));

        long before = client.roundTrips();
        d.putAll(many);
        assertEquals(1, client.roundTrips() - before, "putAll");

        before = client.roundTrips();
        int n = 0;
        for (Map.Entry<Integer, String> e : d.entrySet()) {
            n += e.getKey() >= 0 ? 1 : 0;
        }
        assertEquals(5000, n);
        assertEquals(2, client.roundTrips() - before, "entrySet iteration: 4096 entries, then the other 904");

        before = client.roundTrips();
        assertEquals(5000, d.keySet().toArray().length);
        assertEquals(5000, d.values().toArray().length);
        d.forEach((k, v) -> { });
        assertEquals(3, client.roundTrips() - before, "keySet().toArray, values().toArray, forEach");

        before = client.roundTrips();
        assertEquals(many, new HashMap<>(d));
        assertEquals(3, client.roundTrips() - before, "new HashMap<>(proxy): size, then the entries in two batches");

        before = client.roundTrips();
        assertEquals(5000, d.keySet().stream().filter(k -> k >= 0).count());
        assertTrue(client.roundTrips() - before <= 3, "a stream of the keys");

        Map<Integer, String> small = m.dict(Map.of(1, "a", 2, "b"));
        before = client.roundTrips();
        assertEquals(Map.of(1, "a", 2, "b"), new HashMap<>(small));
        assertEquals(2, client.roundTrips() - before, "new HashMap<>(proxy) of a small dict: size, then the entries");

        List<Integer> l = m.list();
        before = client.roundTrips();
        l.addAll(IntStream.range(0, 5000).boxed().toList());
        assertEquals(5000, l.toArray().length);
        long sum = 0;
        for (int x : l) {
            sum += x;
        }
        assertEquals(4999L * 5000 / 2, sum);
        assertEquals(4999L * 5000 / 2, l.stream().mapToLong(Integer::longValue).sum());
        assertEquals(7, client.roundTrips() - before, "addAll, then toArray, iteration and stream in two batches each");
    }

    @Test
    void anUnserializableKeyValueOrArgumentFailsInTheCallerAndTheManagerGoesOn() {
        Map<Object, Object> d = m.dict();
        SerializationException e = assertThrows(SerializationException.class, () -> d.put("k", new Thread()));
        assertTrue(e.getMessage().contains("java.lang.Thread"), e.getMessage());
        e = assertThrows(SerializationException.class, () -> d.put(new Thread(), "v"));
        assertTrue(e.getMessage().contains("java.lang.Thread"), e.getMessage());
        List<Object> l = m.list();
        e = assertThrows(SerializationException.class, () -> l.addAll(List.of(1, new Thread())));
        assertTrue(e.getMessage().contains("java.lang.Thread"), e.getMessage());
        assertTrue(d.isEmpty());
        d.put("k", "v");
        assertEquals("v", d.get("k"));
    }

    static void collectGarbageAndLetReleasesGo() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
