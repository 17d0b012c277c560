package io.ipc4j.internal;

import io.ipc4j.IpcException;
import io.ipc4j.netty.NettyTransport;
import io.ipc4j.spi.ChannelServer;
import io.ipc4j.spi.ChannelSettings;
import io.ipc4j.spi.ChannelTransport;
import io.ipc4j.spi.DirectChannel;
import io.ipc4j.spi.DirectListener;
import io.ipc4j.spi.FrameChannel;
import io.ipc4j.spi.FrameHandler;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A child finds its coordinator's channel transport by the class its coordinator names,
 * and by name through the service files when that class is not here or is another transport.
 */
class TransportsTest {

    @Test
    void theNamedClassIsMadeWhenItIsTheTransportOfThatName() {
        // not in any service file: only the class name finds it
        ChannelTransport t = Transports.find("unlisted", Unlisted.class.getName());
        assertInstanceOf(Unlisted.class, t);
        assertSame(t, Transports.find("unlisted", Unlisted.class.getName()), "one transport per class");
        assertInstanceOf(NettyTransport.Tcp.class, Transports.find("tcp", NettyTransport.Tcp.class.getName()));
    }

    @Test
    void aClassThatIsNotHereOrNamesAnotherTransportFallsBackToTheServiceFiles() {
        assertEquals("uds", Transports.find("uds", "no.such.Transport").name());
        assertEquals("uds", Transports.find("uds", NettyTransport.Tcp.class.getName()).name());
        assertEquals("uds", Transports.find("uds", null).name());
    }

    @Test
    void aClassThatIsNoTransportIsNotMade() {
        Transports.find("uds", Counted.class.getName());
        assertEquals(0, Counted.made, "a class that is not a ChannelTransport was instantiated");
    }

    @Test
    void aNameNoTransportHasFailsAsFindByNameDoesWithWhyTheClassWasNotMade() {
        IpcException e = assertThrows(IpcException.class, () -> Transports.find("carrier-pigeon", "no.such.Transport"));
        assertTrue(e.getMessage().contains("carrier-pigeon") && e.getMessage().contains("uds"), e.getMessage());
        assertEquals(1, e.getSuppressed().length);
        assertInstanceOf(ClassNotFoundException.class, e.getSuppressed()[0]);
        assertThrows(IpcException.class, () -> Transports.find("unlisted", null), "found by name, yet in no service file");
    }

    /** Counts its instances. */
    public static final class Counted {
        static int made;

        public Counted() {
            made++;
        }
    }

    /** A transport in no service file, that does nothing. */
    public static final class Unlisted implements ChannelTransport {
        @Override
        public String name() {
            return "unlisted";
        }

        @Override
        public ChannelServer listen(ChannelSettings settings, String hint, FrameHandler.Factory handlers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FrameChannel connect(ChannelSettings settings, String address, FrameHandler handler, Duration timeout) {
            throw new UnsupportedOperationException();
        }

        @Override
        public DirectListener listenDirect(ChannelSettings settings, String hint, long spinNanos) {
            throw new UnsupportedOperationException();
        }

        @Override
        public DirectChannel connectDirect(ChannelSettings settings, String address, long spinNanos, Duration timeout) {
            throw new UnsupportedOperationException();
        }
    }
}
