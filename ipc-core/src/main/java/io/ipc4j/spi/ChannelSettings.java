package io.ipc4j.spi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What a transport needs to open channels: the shared authentication key, the largest
 * frame it accepts, the loopback-or-other host TCP binds to, the directory for socket
 * files, and how a listener limits peers that have not authenticated yet: how long each
 * may take, and how many may be at it at once.
 */
public final class ChannelSettings {
    /** How long a peer may take to authenticate unless configured otherwise. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);
    /** How many connections a listener lets authenticate at once unless configured otherwise. */
    public static final int DEFAULT_MAX_PENDING_HANDSHAKES = 256;

    private final byte[] authKey;
    private final int maxFrameBytes;
    private final String bindHost;
    private final Path socketDir;
    private final Duration handshakeTimeout;
    private final int maxPendingHandshakes;
    private final String contextId;
    private TlsStores tlsStores;

    /** Settings with the default handshake limits. */
    public ChannelSettings(byte[] authKey, int maxFrameBytes, String bindHost, Path socketDir) {
        this(authKey, maxFrameBytes, bindHost, socketDir, DEFAULT_HANDSHAKE_TIMEOUT, DEFAULT_MAX_PENDING_HANDSHAKES);
    }

    /**
     * @param handshakeTimeout     how long a connected peer may take to authenticate before it is closed
     * @param maxPendingHandshakes how many connections a listener lets authenticate at once; it closes
     *                             further ones at once
     */
    public ChannelSettings(byte[] authKey, int maxFrameBytes, String bindHost, Path socketDir,
                           Duration handshakeTimeout, int maxPendingHandshakes) {
        this(authKey, maxFrameBytes, bindHost, socketDir, handshakeTimeout, maxPendingHandshakes, null);
    }

    /**
     * Settings of the channels of one context.
     *
     * @param contextId the id of the context the channels serve, for a transport that keeps files per
     *                  context (the shm channel's segments); null for channels of no context
     */
    public ChannelSettings(byte[] authKey, int maxFrameBytes, String bindHost, Path socketDir,
                           Duration handshakeTimeout, int maxPendingHandshakes, String contextId) {
        this.contextId = contextId;
        this.authKey = Objects.requireNonNull(authKey, "authKey").clone();
        if (maxFrameBytes <= 0) {
            throw new IllegalArgumentException("maxFrameBytes must be positive: " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
        this.bindHost = Objects.requireNonNull(bindHost, "bindHost");
        this.socketDir = Objects.requireNonNull(socketDir, "socketDir");
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("the handshake timeout must be positive: " + handshakeTimeout);
        }
        this.handshakeTimeout = handshakeTimeout;
        if (maxPendingHandshakes <= 0) {
            throw new IllegalArgumentException("maxPendingHandshakes must be positive: " + maxPendingHandshakes);
        }
        this.maxPendingHandshakes = maxPendingHandshakes;
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

    /** How long a connected peer may take to authenticate; a listener then closes it. */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /** The id of the context these channels serve, if any. */
    public java.util.Optional<String> contextId() {
        return java.util.Optional.ofNullable(contextId);
    }

    /** How many accepted connections may be authenticating at once; a listener closes further ones at once. */
    public int maxPendingHandshakes() {
        return maxPendingHandshakes;
    }

    /** These settings with TCP channels encrypted by {@code tls} (null: in the clear); UDS channels stay plain. */
    public ChannelSettings withTls(TlsStores tls) {
        ChannelSettings copy = new ChannelSettings(authKey, maxFrameBytes, bindHost, socketDir, handshakeTimeout,
                maxPendingHandshakes, contextId);
        copy.tlsStores = tls;
        return copy;
    }

    /** What encrypts TCP channels, or null when they travel in the clear. */
    public javax.net.ssl.SSLContext tls() {
        return tlsStores == null ? null : tlsStores.context();
    }

    /** The stores {@link #tls()} is made of, for a process to hand on to its children; null without TLS. */
    public TlsStores tlsStores() {
        return tlsStores;
    }
}
