package io.ipc4j;

import io.ipc4j.internal.Timeouts;
import io.ipc4j.internal.pipe.DirectConnection;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * Dials a {@link Listener} from any JVM, with no {@link Context} (CPython's
 * {@code multiprocessing.connection.Client}). The connection is authenticated both ways
 * before it is returned: this side proves it holds the key, and makes the listener prove it too.
 *
 * <pre>{@code
 * try (Connection c = Client.connect(Address.parse("tcp:127.0.0.1:40731"), key)) {
 *     c.send("world");
 *     System.out.println(c.recv());                 // hello world
 * }
 * }</pre>
 */
public final class Client {
    /** How long {@link #connect(Address, byte[])} waits for the listener to accept and authenticate. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private Client() {
    }

    /** Dials {@code address} and authenticates, waiting up to {@link #DEFAULT_TIMEOUT}. */
    public static Connection connect(Address address, byte[] authKey) {
        return connect(address, authKey, DEFAULT_TIMEOUT);
    }

    /**
     * Dials {@code address} and authenticates both ways, with the settings of {@link Config}
     * ({@code ipc4j.maxFrameBytes} and {@code ipc4j.spinNanos} apply). The listener must be
     * listening already (a refused connection fails at once, as in CPython); a listener that
     * is busy or not yet in {@link Listener#accept} is waited for until the timeout.
     *
     * @throws AuthenticationException when either side's key is wrong: the listener refused our
     *                                 key, or failed our challenge (nothing it sent was deserialized)
     * @throws IpcException            naming the address when it cannot be reached or did not
     *                                 authenticate in time
     */
    public static Connection connect(Address address, byte[] authKey, Duration timeout) {
        return connect(address, authKey, timeout, Map.of());
    }

    /**
     * {@link #connect(Address, byte[], Duration)} with {@code settings} overriding those of
     * {@link Config}: {@code ipc4j.maxFrameBytes}, {@code ipc4j.spinNanos} and the
     * {@code ipc4j.tcp.tls*} settings apply.
     */
    public static Connection connect(Address address, byte[] authKey, Duration timeout, Map<String, String> settings) {
        Timeouts.nanos(timeout);
        Config config = StandaloneChannels.config(settings);
        try {
            return new DirectConnection(StandaloneChannels.transportFor(address).connectDirect(
                    StandaloneChannels.settings(authKey, config), address.toString(),
                    StandaloneChannels.spinNanos(config), timeout), address.toString());
        } catch (IOException e) {
            String m = String.valueOf(e.getMessage());
            throw new IpcException(m.contains(address.toString()) ? m : "cannot connect to " + address + ": " + m, e);
        }
    }
}
