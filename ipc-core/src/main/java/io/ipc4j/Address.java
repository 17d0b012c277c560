package io.ipc4j;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a {@link Listener} listens and a {@link Client} dials: a TCP host and port, or the
 * path of a Unix domain socket (CPython's {@code (host, port)} tuple and {@code AF_UNIX} path),
 * or such a path whose connections move to shared memory once authenticated ({@link #shm}).
 *
 * <p>Its text form, {@code tcp:HOST:PORT}, {@code uds:PATH} or {@code shm:PATH}, is what {@link #toString()}
 * gives and {@link #parse(String)} reads, so an address can be handed to another program
 * on its command line or in a file. It is also the form ipc4j's transports write their own
 * addresses in: the part before the first colon names the channel transport that serves it.
 */
public final class Address implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final String TCP = "tcp";
    private static final String UDS = "uds";
    private static final String SHM = "shm";

    private final String scheme;
    private final String host;
    private final int port;
    private final String path;

    private Address(String scheme, String host, int port, String path) {
        this.scheme = scheme;
        this.host = host;
        this.port = port;
        this.path = path;
    }

    /**
     * A TCP address.
     *
     * @param host a host name or IP address; for a {@link Listener}, the interface it binds to
     *             ({@code 127.0.0.1} for this machine only, {@code 0.0.0.0} for every interface)
     * @param port 0 to 65535; for a {@link Listener}, 0 lets the system choose a free port,
     *             which {@link Listener#address()} then tells
     * @throws IllegalArgumentException if the host is empty or the port out of range
     */
    public static Address tcp(String host, int port) {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("the host of a TCP address must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("a TCP port is 0 to 65535, not " + port);
        }
        return new Address(TCP, host, port, null);
    }

    /**
     * The address of a Unix domain socket, a file at {@code path} that a {@link Listener}
     * creates (it must not exist yet) and removes when it closes.
     *
     * @throws IllegalArgumentException if the path is empty
     */
    public static Address unix(Path path) {
        Objects.requireNonNull(path, "path");
        if (path.toString().isEmpty()) {
            throw new IllegalArgumentException("the path of a Unix domain socket must not be empty");
        }
        return new Address(UDS, null, -1, path.toString());
    }

    /**
     * A Unix domain socket at {@code path} whose connections, once authenticated on it, carry
     * their messages through rings in shared memory (the channel of {@code ipc4j.channel=shm};
     * same host only). The socket stays open beside the rings, so a peer's death is still seen
     * at once. The listener keeps the segments it makes in a private directory beside the socket,
     * {@code PATH.segments}, which it removes when it closes; a segment's file is deleted as soon
     * as both ends mapped it. Both JVMs need {@code ipc4j-mmap} on the class path (and no JVM flag).
     *
     * @throws IllegalArgumentException if the path is empty
     */
    public static Address shm(Path path) {
        Objects.requireNonNull(path, "path");
        if (path.toString().isEmpty()) {
            throw new IllegalArgumentException("the path of a Unix domain socket must not be empty");
        }
        return new Address(SHM, null, -1, path.toString());
    }

    /**
     * Reads the text form: {@code tcp:HOST:PORT} (an IPv6 host as is, the port after the last
     * colon), {@code uds:PATH} or {@code shm:PATH}.
     *
     * @throws IllegalArgumentException naming what is wrong with {@code text}
     */
    public static Address parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.startsWith(UDS + ":")) {
            return unix(Path.of(text.substring(UDS.length() + 1)));
        }
        if (text.startsWith(SHM + ":")) {
            return shm(Path.of(text.substring(SHM.length() + 1)));
        }
        int colon = text.lastIndexOf(':');
        if (!text.startsWith(TCP + ":") || colon <= TCP.length()) {
            throw new IllegalArgumentException("not an address: '" + text + "' (expected tcp:HOST:PORT, uds:PATH or shm:PATH)");
        }
        try {
            return tcp(text.substring(TCP.length() + 1, colon), Integer.parseInt(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a TCP port in '" + text + "': " + text.substring(colon + 1));
        }
    }

    /** Whether this is a TCP address (else a Unix domain socket, of {@link #unix} or {@link #shm}). */
    public boolean isTcp() {
        return TCP.equals(scheme);
    }

    /** The host of a TCP address. @throws IllegalStateException for a Unix domain socket */
    public String host() {
        requireTcp();
        return host;
    }

    /** The port of a TCP address. @throws IllegalStateException for a Unix domain socket */
    public int port() {
        requireTcp();
        return port;
    }

    /** The socket file of a Unix domain socket address. @throws IllegalStateException for a TCP address */
    public Path path() {
        if (isTcp()) {
            throw new IllegalStateException("a TCP address has no path: " + this);
        }
        return Path.of(path);
    }

    private void requireTcp() {
        if (!isTcp()) {
            throw new IllegalStateException("a Unix domain socket address has no host or port: " + this);
        }
    }

    /** The name of the channel transport that serves this address: {@code tcp}, {@code uds} or {@code shm}. */
    String transportName() {
        return scheme;
    }

    /** The text form, {@code tcp:HOST:PORT}, {@code uds:PATH} or {@code shm:PATH}, which {@link #parse} reads back. */
    @Override
    public String toString() {
        return isTcp() ? TCP + ":" + host + ":" + port : scheme + ":" + path;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Address && toString().equals(o.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }
}
