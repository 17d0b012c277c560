/**
 * ipc4j: Python's {@code multiprocessing} for the JVM. Start with {@link io.ipc4j.Context}.
 *
 * <p>Exports the API ({@code io.ipc4j}) and the transport SPI ({@code io.ipc4j.spi});
 * transports are found with {@link java.util.ServiceLoader}. The {@code io.ipc4j.internal}
 * packages are not an API: one is exported to {@code io.ipc4j.mmap} only, and those
 * holding objects that travel between processes are opened to Kryo only.
 */
module io.ipc4j.core {
    exports io.ipc4j;
    exports io.ipc4j.spi;
    exports io.ipc4j.internal to io.ipc4j.mmap, io.ipc4j.chronicle;
    exports io.ipc4j.internal.wire to io.ipc4j.chronicle;

    requires com.esotericsoftware.kryo;
    requires com.esotericsoftware.minlog;
    requires org.objenesis;
    requires org.slf4j;
    // Kryo and Objenesis (automatic modules, which cannot say so) use sun.misc.Unsafe and sun.reflect.
    requires jdk.unsupported;
    // a spare child's CPU time, which shows when its compilers are done (SpareWarmUp); optional
    requires static jdk.management;

    uses io.ipc4j.spi.ChannelTransport;
    uses io.ipc4j.spi.SharedObjectsProvider;
    uses io.ipc4j.spi.QueueTransport;
    uses io.ipc4j.spi.ClusterProvider;

    provides io.ipc4j.spi.QueueTransport with io.ipc4j.internal.server.BrokerTransport;

    // Kryo reflects into the objects ipc4j sends (handles, pool tasks, ipc4j's own lambdas).
    opens io.ipc4j to com.esotericsoftware.kryo;
    opens io.ipc4j.internal.manager to com.esotericsoftware.kryo;
    opens io.ipc4j.internal.pipe to com.esotericsoftware.kryo;
    opens io.ipc4j.internal.pool to com.esotericsoftware.kryo;
    opens io.ipc4j.internal.process to com.esotericsoftware.kryo;
    opens io.ipc4j.internal.queue to com.esotericsoftware.kryo;
    opens io.ipc4j.internal.wire to com.esotericsoftware.kryo;
}
