package io.ipc4j.internal.process;

import io.ipc4j.IpcException;
import io.ipc4j.internal.Transports;
import io.ipc4j.spi.ChannelSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a coordinator passes to a child in its environment (never on its command line,
 * where other users could read the key): how to dial back and authenticate.
 */
public record ChildEnvironment(String contextId, String address, byte[] key, String token, String channel,
                        Path socketDir, int maxFrameBytes, String bindHost, long parentPid, long spinNanos,
                        long lingerSeconds, long handshakeMillis, int maxPendingHandshakes) {

    static final String PREFIX = "IPC4J__";

    Map<String, String> toEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put(PREFIX + "CONTEXT", contextId);
        env.put(PREFIX + "ADDRESS", address);
        env.put(PREFIX + "KEY", HexFormat.of().formatHex(key));
        env.put(PREFIX + "TOKEN", token);
        env.put(PREFIX + "CHANNEL", channel);
        env.put(PREFIX + "SOCKET_DIR", socketDir.toString());
        env.put(PREFIX + "MAX_FRAME", String.valueOf(maxFrameBytes));
        env.put(PREFIX + "BIND", bindHost);
        env.put(PREFIX + "PARENT_PID", String.valueOf(parentPid));
        env.put(PREFIX + "SPIN_NANOS", String.valueOf(spinNanos));
        env.put(PREFIX + "LINGER", String.valueOf(lingerSeconds));
        env.put(PREFIX + "HANDSHAKE_MILLIS", String.valueOf(handshakeMillis));
        env.put(PREFIX + "MAX_PENDING_HANDSHAKES", String.valueOf(maxPendingHandshakes));
        return env;
    }

    static ChildEnvironment fromEnvironment() {
        try {
            return new ChildEnvironment(need("CONTEXT"), need("ADDRESS"), HexFormat.of().parseHex(need("KEY")),
                    need("TOKEN"), need("CHANNEL"), Path.of(need("SOCKET_DIR")), Integer.parseInt(need("MAX_FRAME")),
                    need("BIND"), Long.parseLong(need("PARENT_PID")), Long.parseLong(need("SPIN_NANOS")),
                    Long.parseLong(need("LINGER")), Long.parseLong(need("HANDSHAKE_MILLIS")),
                    Integer.parseInt(need("MAX_PENDING_HANDSHAKES")));
        } catch (RuntimeException e) {
            System.err.println("ipc4j: this JVM was not started by an ipc4j coordinator: " + e.getMessage());
            System.exit(2);
            throw e;
        }
    }

    private static String need(String name) {
        String v = System.getenv(PREFIX + name);
        if (v == null) {
            throw new IpcException("missing environment variable " + PREFIX + name);
        }
        return v;
    }

    CoordinatorLink link(Consumer<Throwable> onLost) {
        ChannelSettings settings = new ChannelSettings(key, maxFrameBytes, bindHost, socketDir,
                Duration.ofMillis(handshakeMillis), maxPendingHandshakes);
        return new CoordinatorLink(contextId, Transports.find(channel), settings, address, spinNanos,
                Duration.ofSeconds(lingerSeconds), onLost, null);
    }
}
