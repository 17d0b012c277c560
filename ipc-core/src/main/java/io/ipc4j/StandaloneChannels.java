package io.ipc4j;

import io.ipc4j.internal.Transports;
import io.ipc4j.spi.ChannelSettings;
import io.ipc4j.spi.ChannelTransport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link Listener} or {@link Client} needs without a {@link Context}: the channel
 * transport that serves an address, and channel settings made of the user's key and the
 * configured limits.
 */
final class StandaloneChannels {
    private StandaloneChannels() {
    }

    static ChannelTransport transportFor(Address address) {
        return Transports.find(Objects.requireNonNull(address, "address").transportName());
    }

    /** @throws IllegalArgumentException if the key is empty, or a setting is not a positive number */
    static ChannelSettings settings(byte[] authKey, Config config) {
        Objects.requireNonNull(authKey, "authKey");
        if (authKey.length == 0) {
            throw new IllegalArgumentException("the auth key must not be empty");
        }
        return new ChannelSettings(authKey, config.getPositiveInt(Config.MAX_FRAME_BYTES), config.get(Config.TCP_BIND),
                Path.of(System.getProperty("java.io.tmpdir")),
                Duration.ofMillis(config.getPositiveInt(Config.HANDSHAKE_TIMEOUT_MILLIS)),
                config.getPositiveInt(Config.MAX_PENDING_HANDSHAKES)).withTls(TlsSettings.storesOrThisProcess(config));
    }

    static Config config(Map<String, String> overrides) {
        return Config.load(Objects.requireNonNull(overrides, "settings"));
    }

    static long spinNanos(Config config) {
        return config.getInt(Config.SPIN_NANOS);
    }
}
