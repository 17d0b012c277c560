package io.ipc4j.internal.process;

import io.ipc4j.IpcException;
import io.ipc4j.internal.Transports;
import io.ipc4j.spi.ChannelSettings;
import io.ipc4j.spi.TlsStores;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Consumer;

/**
 * How a process reaches the coordinator of one context, and so uses that context's
 * handles: its address, channel transport (by name, and the class that implements it there)
 * and settings, and its auth key. It travels to child processes in their environment, as
 * variables under one prefix.
 */
record CoordinatorReach(String contextId, String address, String channel, String channelClass, byte[] key,
                        int maxFrameBytes, String bindHost, Path socketDir, long spinNanos, long lingerSeconds,
                        long handshakeMillis, int maxPendingHandshakes, TlsStores tls) {

    static CoordinatorReach of(CoordinatorLink link) {
        ChannelSettings s = link.settings();
        return new CoordinatorReach(link.contextId(), link.address(), link.transport().name(),
                link.transport().getClass().getName(), s.authKey(),
                s.maxFrameBytes(), s.bindHost(), s.socketDir(), link.spinNanos(), link.pipeLinger().toSeconds(),
                s.handshakeTimeout().toMillis(), s.maxPendingHandshakes(), s.tlsStores());
    }

    /** Writes this reach as variables named {@code prefix} + a field name. */
    void toEnvironment(String prefix, Map<String, String> env) {
        env.put(prefix + "CONTEXT", contextId);
        env.put(prefix + "ADDRESS", address);
        env.put(prefix + "CHANNEL", channel);
        env.put(prefix + "CHANNEL_CLASS", channelClass);
        env.put(prefix + "KEY", HexFormat.of().formatHex(key));
        env.put(prefix + "SOCKET_DIR", socketDir.toString());
        env.put(prefix + "MAX_FRAME", String.valueOf(maxFrameBytes));
        env.put(prefix + "BIND", bindHost);
        env.put(prefix + "SPIN_NANOS", String.valueOf(spinNanos));
        env.put(prefix + "LINGER", String.valueOf(lingerSeconds));
        env.put(prefix + "HANDSHAKE_MILLIS", String.valueOf(handshakeMillis));
        env.put(prefix + "MAX_PENDING_HANDSHAKES", String.valueOf(maxPendingHandshakes));
        if (tls != null) {
            // as secret as the key beside it, and passed the same way; a node gets them over its TLS channel
            env.put(prefix + "TLS_KEYSTORE", Base64.getEncoder().encodeToString(tls.keyStore()));
            env.put(prefix + "TLS_TRUSTSTORE", Base64.getEncoder().encodeToString(tls.trustStore()));
            env.put(prefix + "TLS_PASSWORD", HexFormat.of().formatHex(
                    new String(tls.password()).getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** Reads what {@link #toEnvironment} wrote. @throws IpcException naming a missing or malformed variable */
    static CoordinatorReach fromEnvironment(String prefix, Map<String, String> env) {
        Vars v = new Vars(prefix, env);
        try {
            return new CoordinatorReach(v.need("CONTEXT"), v.need("ADDRESS"), v.need("CHANNEL"),
                    env.get(prefix + "CHANNEL_CLASS"), HexFormat.of().parseHex(v.need("KEY")),
                    Integer.parseInt(v.need("MAX_FRAME")), v.need("BIND"), Path.of(v.need("SOCKET_DIR")),
                    Long.parseLong(v.need("SPIN_NANOS")), Long.parseLong(v.need("LINGER")),
                    Long.parseLong(v.need("HANDSHAKE_MILLIS")), Integer.parseInt(v.need("MAX_PENDING_HANDSHAKES")),
                    tlsFrom(prefix, env));
        } catch (IllegalArgumentException e) {
            throw new IpcException("malformed environment variables " + prefix + "*: " + e.getMessage(), e);
        }
    }

    private static TlsStores tlsFrom(String prefix, Map<String, String> env) {
        String keyStore = env.get(prefix + "TLS_KEYSTORE");
        if (keyStore == null) {
            return null;
        }
        Vars v = new Vars(prefix, env);
        return new TlsStores(Base64.getDecoder().decode(keyStore), Base64.getDecoder().decode(v.need("TLS_TRUSTSTORE")),
                new String(HexFormat.of().parseHex(v.need("TLS_PASSWORD")), StandardCharsets.UTF_8).toCharArray());
    }

    /** A link to this coordinator, connecting on first use. */
    CoordinatorLink link(Consumer<Throwable> onLost) {
        ChannelSettings settings = new ChannelSettings(key, maxFrameBytes, bindHost, socketDir,
                Duration.ofMillis(handshakeMillis), maxPendingHandshakes, contextId).withTls(tls);
        return new CoordinatorLink(contextId, Transports.find(channel, channelClass), settings, address, spinNanos,
                Duration.ofSeconds(lingerSeconds), onLost, null);
    }

    /** Environment variables under one prefix. */
    record Vars(String prefix, Map<String, String> env) {
        String need(String name) {
            String v = env.get(prefix + name);
            if (v == null) {
                throw new IpcException("missing environment variable " + prefix + name);
            }
            return v;
        }
    }
}
