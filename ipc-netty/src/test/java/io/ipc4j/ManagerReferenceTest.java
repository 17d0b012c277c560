package io.ipc4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.ipc4j.internal.wire.ObjectCodec;

import static org.junit.jupiter.api.Assertions.*;

/** How a managed object's counts survive the ways its proxies travel: as call arguments, serialized, in a failed send. */
@Timeout(180)
class ManagerReferenceTest {
    private static String runJava(List<String> jvmOptions, Class<?> main, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        StringBuilder out = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                out.append(line).append('\n');
            }
        }
        assertEquals(0, p.waitFor(), out.toString());
        return out.toString();
    }

    @Test
    void aProxyReferencedOnlyByACallsArgumentsOutlivesTheCall() throws Exception {
        String out = runJava(List.of("-Xmn8m", "-XX:+UseSerialGC"), ManagerArgumentRaceMain.class, "1500");
        assertTrue(out.contains("failures 0\n"), out);
    }

    private static final byte[] KEY = "manager-secret-0123456789abcdef!".getBytes(StandardCharsets.UTF_8);

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Test
    void aSerializedProxyDoesNotCarryItsManagersKey() {
        try (Manager.Server s = Manager.builder().authKey(KEY).serve(); Manager h = Manager.connect(s.address(), KEY)) {
            Map<String, Integer> d = h.dict();
            byte[] bytes = ObjectCodec.toBytes(d);
            assertFalse(contains(bytes, KEY));
            d.put("a", 1);
        }
    }

    @Test
    void aProcessThatDoesNotKnowTheKeyOfAProxysManagerMustConnectFirst() throws Exception {
        try (Manager.Server s = Manager.builder().authKey(KEY).serve(); Manager h = Manager.connect(s.address(), KEY);
             Context mp = Context.create()) {
            Map<String, Integer> d = h.dict();
            String address = s.address().toString();
            Queue<Object> in = mp.queue();
            Queue<String> out = mp.queue();
            ChildProcess child = mp.process(() -> {
                try {
                    in.get();
                    out.put("no error");
                } catch (RuntimeException e) {
                    out.put(e.getClass().getSimpleName() + ": " + e.getMessage());
                }
                try (Manager connected = Manager.connect(Address.parse(address), KEY)) {
                    @SuppressWarnings("unchecked")
                    Map<String, Integer> got = (Map<String, Integer>) in.get();
                    got.put("child", 2);
                    out.put("put");
                }
            }).start();
            in.put(d);
            String refused = out.get();
            assertTrue(refused.contains(address)
                    && refused.contains("Manager.connect"), refused);
            in.put(d);
            assertEquals("put", out.get());
            child.join();
            assertEquals(2, d.get("child"));
        }
    }
}
