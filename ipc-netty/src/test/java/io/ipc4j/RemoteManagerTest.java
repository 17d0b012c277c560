package io.ipc4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Remote managers (CPython's {@code BaseManager(address, authkey)}): a manager served on TCP by
 * one JVM, or started by a context, used by JVMs that did not start it, through a
 * {@code get_queue}-style registered type; a wrong key is refused.
 */
@Timeout(120)
class RemoteManagerTest {
    private static final String KEY_HEX = "00112233445566778899aabbccddeeff";
    private static final byte[] KEY = HexFormat.of().parseHex(KEY_HEX);

    private static Process java(Class<?> main, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static String lineStartingWith(BufferedReader out, String prefix) throws IOException {
        String line;
        do {
            line = out.readLine();
            assertNotNull(line, "the process ended before printing " + prefix);
        } while (!line.startsWith(prefix));
        return line.substring(prefix.length()).trim();
    }

    @Test
    @SuppressWarnings("unchecked")
    void twoJvmsThatDidNotStartTheManagerShareItsQueue() throws Exception {
        Process server = java(RemoteManagerServerMain.class, KEY_HEX);
        try (BufferedReader serverOut = new BufferedReader(new InputStreamReader(server.getInputStream(),
                StandardCharsets.UTF_8))) {
            Address address = Address.parse(lineStartingWith(serverOut, "address "));
            assertTrue(address.isTcp());
            try (Manager m = Manager.connect(address, KEY)) {
                assertEquals(server.pid(), m.pid());
                BlockingQueue<Object> q = m.create("get_queue", BlockingQueue.class);
                q.put("hello");
                Process client = java(RemoteManagerClientMain.class, address.toString(), KEY_HEX);
                try (BufferedReader clientOut = new BufferedReader(new InputStreamReader(client.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    assertEquals("hello", lineStartingWith(clientOut, "got "));
                    assertEquals(String.valueOf(server.pid()), lineStartingWith(clientOut, "server-pid "));
                }
                assertEquals("reply from pid " + client.pid(), q.poll(30, TimeUnit.SECONDS));
                assertTrue(client.waitFor(30, TimeUnit.SECONDS));
                assertEquals(0, client.exitValue());
            }
            assertThrows(AuthenticationException.class, () -> Manager.connect(address, "wrong".getBytes()));
        } finally {
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aManagerAContextStartedOnTcpServesAnUnrelatedJvm() throws Exception {
        try (Context mp = Context.create();
             Manager m = RemoteManagerServerMain.builder().address(Address.tcp("127.0.0.1", 0)).authKey(KEY)
                     .start(mp)) {
            assertTrue(m.address().isTcp());
            assertNotEquals(0, m.address().port());
            BlockingQueue<Object> q = m.create("get_queue", BlockingQueue.class);
            q.put("from the coordinator");
            Process client = java(RemoteManagerClientMain.class, m.address().toString(), KEY_HEX);
            try (BufferedReader clientOut = new BufferedReader(new InputStreamReader(client.getInputStream(),
                    StandardCharsets.UTF_8))) {
                assertEquals("from the coordinator", lineStartingWith(clientOut, "got "));
            }
            assertEquals("reply from pid " + client.pid(), q.poll(30, TimeUnit.SECONDS));
            assertTrue(client.waitFor(30, TimeUnit.SECONDS));
        }
    }
}
