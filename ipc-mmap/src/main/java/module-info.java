/**
 * Shared memory for ipc4j: values, arrays, named blocks and the synchronization primitives
 * in memory-mapped files ({@code ipc4j.shared=mmap}, the default). It exports nothing:
 * {@code io.ipc4j.core} finds it with {@link java.util.ServiceLoader}, and users see only
 * the {@code io.ipc4j} interfaces.
 *
 * @provides io.ipc4j.spi.SharedObjectsProvider {@code mmap}
 */
module io.ipc4j.mmap {
    requires io.ipc4j.core;
    requires com.esotericsoftware.kryo;
    requires org.slf4j;

    provides io.ipc4j.spi.SharedObjectsProvider with io.ipc4j.mmap.MmapProvider;

    // Kryo reflects into the handles (MmapIntValue and the others) that travel to other processes.
    opens io.ipc4j.mmap to com.esotericsoftware.kryo;
}
