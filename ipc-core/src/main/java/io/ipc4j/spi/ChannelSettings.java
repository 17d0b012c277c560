package io.ipc4j.spi;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What a transport needs to open channels: the shared authentication key, the largest
 * frame it accepts, the loopback-or-other host TCP binds to, and the directory for socket files.
 */
public final class ChannelSettings {
    private final byte[] authKey;
    private final int maxFrameBytes;
    private final String bindHost;
    private final Path socketDir;

    public ChannelSettings(byte[] authKey, int maxFrameBytes, String bindHost, Path socketDir) {
        this.authKey = Objects.requireNonNull(authKey, "authKey").clone();
        if (maxFrameBytes <= 0) {
            throw new IllegalArgumentException("maxFrameBytes must be positive: " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
        this.bindHost = Objects.requireNonNull(bindHost, "bindHost");
        this.socketDir = Objects.requireNonNull(socketDir, "socketDir");
    }

    public byte[] authKey() {
        return authKey.clone();
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    public String bindHost() {
        return bindHost;
    }

    public Path socketDir() {
        return socketDir;
    }
}
