package io.ipc4j;

import io.ipc4j.netty.ListeningSockets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad or conflicting {@code ipc4j.tcp.tls} settings fail at {@code Context.create}, naming the
 * setting, before anything is started: a missing key store, a wrong password, a password file
 * others may read, and TLS settings at odds with those of a context this JVM has open (a
 * context on Unix sockets without TLS is at odds with none).
 */
@Timeout(60)
class TlsSettingsTest {
    @TempDir
    static Path dir;
    static Map<String, String> tls;
    static Map<String, String> otherTls;

    @BeforeAll
    static void makeKeyStores() throws Exception {
        tls = TlsContextTest.tlsSettings(dir, "s3cret-pw");
        otherTls = TlsContextTest.tlsSettings(dir, "another-pw");
    }

    @Test
    void aContextWhoseTlsConflictsWithAnOpenOneFailsAtCreate() throws Exception {
        Map<String, String> plain = Map.of(Config.CHANNEL, "tcp");
        try (Context open = Context.create(tls)) {
            assertNothingStartedBy(() -> assertThrows(TlsConflictException.class, () -> Context.create(plain)));
            TlsConflictException e = assertThrows(TlsConflictException.class, () -> Context.create(otherTls));
            assertTrue(e.getMessage().contains(Config.TCP_TLS_KEY_STORE), e.getMessage());
            try (Context same = Context.create(tls)) {
                assertEquals(42, roundTrip(same));
            }
            try (Context onUnixSockets = Context.create(Map.of(Config.CHANNEL, "uds"))) {
                // no TCP channel of it depends on this JVM's TLS settings: no conflict
                assertEquals("uds", onUnixSockets.manager().address().transportName());
            }
        }
        try (Context open = Context.create(plain)) {
            TlsConflictException e = assertThrows(TlsConflictException.class, () -> Context.create(tls));
            assertTrue(e.getMessage().contains(Config.TCP_TLS + "=off"), e.getMessage());
        }
        Context.create(otherTls).close(); // once the others are closed, any settings go
    }

    @Test
    void aContextThatFailsAfterItsTlsWasCheckedLeavesNoClaimBehind() throws Exception {
        Map<String, String> bad = new HashMap<>(tls);
        bad.put(Config.QUEUE, "no-such-queue-transport");
        assertThrows(IllegalArgumentException.class, () -> Context.create(bad));
        Context.create(Map.of(Config.CHANNEL, "tcp")).close(); // with TLS still claimed, it would conflict
    }

    @Test
    void aMissingKeyStoreFailsNamingTheSetting() throws Exception {
        Map<String, String> bad = new HashMap<>(tls);
        bad.put(Config.TCP_TLS_KEY_STORE, dir.resolve("no-such.p12").toString());
        assertFailsNaming(bad, Config.TCP_TLS_KEY_STORE);
    }

    @Test
    void aWrongPasswordFailsNamingThePasswordFile() throws Exception {
        Path wrong = dir.resolve("wrong-password");
        Files.writeString(wrong, "not-the-password\n");
        Files.setPosixFilePermissions(wrong, PosixFilePermissions.fromString("rw-------"));
        Map<String, String> bad = new HashMap<>(tls);
        bad.put(Config.TCP_TLS_KEY_STORE_PASSWORD_FILE, wrong.toString());
        assertFailsNaming(bad, Config.TCP_TLS_KEY_STORE_PASSWORD_FILE);
    }

    @Test
    void aPasswordFileOthersMayReadFailsNamingTheSetting() throws Exception {
        Path loose = dir.resolve("loose-password");
        Files.writeString(loose, "s3cret-pw\n");
        Files.setPosixFilePermissions(loose, PosixFilePermissions.fromString("rw-r--r--"));
        Map<String, String> bad = new HashMap<>(tls);
        bad.put(Config.TCP_TLS_KEY_STORE_PASSWORD_FILE, loose.toString());
        String message = assertFailsNaming(bad, Config.TCP_TLS_KEY_STORE_PASSWORD_FILE);
        assertTrue(message.contains("chmod 600"), message);
    }

    private static String assertFailsNaming(Map<String, String> settings, String setting) throws Exception {
        String[] message = new String[1];
        assertNothingStartedBy(() -> message[0] = assertThrows(IllegalArgumentException.class,
                () -> Context.create(settings)).getMessage());
        assertTrue(message[0].contains(setting), message[0]);
        return message[0];
    }

    /**
     * Runs {@code failing} with {@code java.io.tmpdir} (where a context makes its socket directory)
     * an empty directory of its own, then checks that it is still empty and that this JVM has no
     * more children nor listening sockets than before.
     */
    private static void assertNothingStartedBy(Runnable failing) throws Exception {
        Set<String> listening = ListeningSockets.ofThisProcess();
        long children = ProcessHandle.current().children().count();
        Path tmp = shortTempDirectory();
        String tmpdir = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", tmp.toString());
        try {
            failing.run();
        } finally {
            System.setProperty("java.io.tmpdir", tmpdir);
        }
        assertEquals(listening, ListeningSockets.ofThisProcess(), "a failed create left a socket listening");
        assertEquals(children, ProcessHandle.current().children().count(), "a failed create started a child");
        try (var left = Files.list(tmp)) {
            assertEquals(List.of(), left.toList(), "a failed create left files behind");
        }
        Files.delete(tmp);
    }

    /** A new directory under /tmp: a context ignores a {@code java.io.tmpdir} longer than 40 characters. */
    private static Path shortTempDirectory() throws java.io.IOException {
        return Files.createTempDirectory(Path.of("/tmp"), "tls");
    }

    @Test
    void theTemporaryDirectoryCheckSeesWhatACreateLeaves() throws Exception {
        Path tmp = shortTempDirectory();
        String tmpdir = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", tmp.toString());
        try (Context mp = Context.create(tls)) {
            try (var made = Files.list(tmp)) {
                assertEquals(1, made.count(), "an open context has its socket directory there");
            }
        } finally {
            System.setProperty("java.io.tmpdir", tmpdir);
        }
        Files.delete(tmp); // the closed context removed its directory
    }

    private static int roundTrip(Context mp) {
        Queue<Integer> q = mp.queue();
        mp.process((Queue<Integer> out) -> out.put(42), q).start();
        return q.get(Duration.ofSeconds(30));
    }
}
