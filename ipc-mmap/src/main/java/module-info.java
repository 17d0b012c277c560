/**
 * Shared memory for ipc4j: values, arrays, named blocks and the synchronization primitives
 * in memory-mapped files ({@code ipc4j.shared=mmap}, the default). It exports nothing:
 * {@code io.ipc4j.core} finds it with {@link java.util.ServiceLoader}, and users see only
 * the {@code io.ipc4j} interfaces.
 *
 * It also provides the same-host shared-memory channel, {@code ipc4j.channel=shm}, on
 * rings of its own in mapped files (no JVM flag needed); Agrona gives it its idle strategy.
 *
 * @provides io.ipc4j.spi.SharedObjectsProvider {@code mmap}
 * @provides io.ipc4j.spi.ChannelTransport {@code shm}
 */
module io.ipc4j.mmap {
    requires io.ipc4j.core;
    requires com.esotericsoftware.kryo;
    requires org.slf4j;
    requires org.agrona;

    uses io.ipc4j.spi.ChannelTransport;

    provides io.ipc4j.spi.SharedObjectsProvider with io.ipc4j.mmap.MmapProvider;
    provides io.ipc4j.spi.ChannelTransport with io.ipc4j.mmap.ShmTransport;

    // Kryo reflects into the handles (MmapIntValue and the others) that travel to other processes.
    opens io.ipc4j.mmap to com.esotericsoftware.kryo;
}
