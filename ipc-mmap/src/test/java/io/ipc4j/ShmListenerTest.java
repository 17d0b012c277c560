package io.ipc4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** A {@link Listener} at an {@code shm:PATH} address, with no context: its segments live beside its socket. */
@Timeout(60)
class ShmListenerTest {
    private static final byte[] KEY = "shm listener key".getBytes();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void anShmAddressReadsBackAndItsListenerKeepsItsSegmentsBesideTheSocket(@TempDir Path dir) throws Exception {
        Address address = Address.parse("shm:" + dir.resolve("l.sock"));
        assertEquals(Address.shm(dir.resolve("l.sock")), address);
        assertEquals("shm:" + dir.resolve("l.sock"), address.toString());
        assertFalse(address.isTcp());
        Path segments = dir.resolve("l.sock.segments");
        try (Listener listener = new Listener(address, KEY)) {
            assertEquals(address, listener.address());
            assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(segments));
            CompletableFuture<Connection> accepted = CompletableFuture.supplyAsync(() -> listener.accept(WAIT));
            try (Connection c = Client.connect(address, KEY, WAIT);
                 Connection there = accepted.get(30, TimeUnit.SECONDS)) {
                c.send("through the rings");
                assertEquals("through the rings", there.recv(WAIT));
                there.send(42);
                assertEquals(42, c.recv(WAIT));
                try (Stream<Path> left = Files.list(segments)) {
                    assertEquals(List.of(), left.toList(), "the segment file stays once both mapped it");
                }
                there.close();
                assertThrows(ConnectionEOFException.class, () -> c.recv(WAIT));
            }
        }
        assertFalse(Files.exists(segments), "the closed listener left its segment directory");
        assertFalse(Files.exists(dir.resolve("l.sock")));
    }

    @Test
    void aSecondListenerAtTheSamePathFailsAndLeavesTheFirstOneServing(@TempDir Path dir) throws Exception {
        Address address = Address.shm(dir.resolve("twice.sock"));
        try (Listener first = new Listener(address, KEY)) {
            IpcException e = assertThrows(IpcException.class, () -> new Listener(address, KEY));
            assertTrue(e.getMessage().contains(address.toString()), e.getMessage());
            CompletableFuture<Connection> accepted = CompletableFuture.supplyAsync(() -> first.accept(WAIT));
            try (Connection c = Client.connect(address, KEY, WAIT);
                 Connection there = accepted.get(30, TimeUnit.SECONDS)) {
                c.send("still served");
                assertEquals("still served", there.recv(WAIT));
            }
        }
    }

    @Test
    void aWrongKeyIsRefusedBeforeAnySegmentIsMade(@TempDir Path dir) throws Exception {
        Address address = Address.shm(dir.resolve("k.sock"));
        try (Listener listener = new Listener(address, KEY)) {
            CompletableFuture<Connection> accepted = CompletableFuture.supplyAsync(() -> listener.accept(WAIT));
            assertThrows(AuthenticationException.class, () -> Client.connect(address, "wrong".getBytes(), WAIT));
            Throwable e = assertThrows(Exception.class, () -> accepted.get(30, TimeUnit.SECONDS)).getCause();
            assertInstanceOf(AuthenticationException.class, e);
            try (Stream<Path> left = Files.list(dir.resolve("k.sock.segments"))) {
                assertEquals(List.of(), left.toList());
            }
        }
    }
}
