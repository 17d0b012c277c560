package io.ipc4j.internal;

import io.ipc4j.IpcException;
import io.ipc4j.netty.NettyTransport;
import io.ipc4j.spi.ChannelTransport;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A child finds its coordinator's channel transport by the class its coordinator names,
 * and by name through the service files when that class is not here or is another transport.
 */
class TransportsTest {

    @Test
    void theNamedClassIsMadeWhenItIsTheTransportOfThatName() {
        ChannelTransport t = Transports.find("tcp", NettyTransport.Tcp.class.getName());
        assertInstanceOf(NettyTransport.Tcp.class, t);
        assertSame(t, Transports.find("tcp", NettyTransport.Tcp.class.getName()), "one transport per class");
    }

    @Test
    void aClassThatIsNotHereOrNamesAnotherTransportFallsBackToTheServiceFiles() {
        assertEquals("uds", Transports.find("uds", "no.such.Transport").name());
        assertEquals("uds", Transports.find("uds", NettyTransport.Tcp.class.getName()).name());
        assertEquals("uds", Transports.find("uds", String.class.getName()).name());
        assertEquals("uds", Transports.find("uds", null).name());
    }

    @Test
    void aNameNoTransportHasFailsAsFindByNameDoes() {
        IpcException e = assertThrows(IpcException.class, () -> Transports.find("carrier-pigeon", "no.such.Transport"));
        assertTrue(e.getMessage().contains("carrier-pigeon") && e.getMessage().contains("uds"), e.getMessage());
    }
}
