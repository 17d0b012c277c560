package io.ipc4j.mmap;

import io.ipc4j.IpcException;
import io.ipc4j.spi.ChannelServer;
import io.ipc4j.spi.ChannelSettings;
import io.ipc4j.spi.ChannelTransport;
import io.ipc4j.spi.DirectChannel;
import io.ipc4j.spi.DirectListener;
import io.ipc4j.spi.FrameHandler;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ServiceLoader;

/**
 * The same-host shared-memory channel, {@code ipc4j.channel=shm}: a pipe's two ends meet
 * and authenticate over a Unix domain socket of the {@code uds} transport, as on
 * {@code uds}; then the end that listened makes a segment with two rings
 * ({@link ShmSegment}), the other maps it, and messages go through the rings while the
 * socket stays as the doorbell and the sign of life ({@link ShmChannel}). The segment's
 * file lives in the context's directory under {@code /dev/shm} only until both ends have
 * mapped it. A {@code Listener} at an {@code shm:PATH} address (the managers of a context
 * on this channel) and its {@code Client}s do the same, with the segments in a directory
 * beside the socket. Everything else (the coordinator's control channels) runs on
 * {@code uds} unchanged. It needs no JVM flag: the rings ({@link SpscRing}) use only
 * {@code ByteBuffer}s and {@code VarHandle}s.
 */
public final class ShmTransport implements ChannelTransport {
    private static final String CARRIER = "uds";
    private static final byte SEGMENT = 1;
    private static final byte ATTACHED = 2;

    private volatile ChannelTransport carrier;

    @Override
    public String name() {
        return "shm";
    }

    private ChannelTransport carrier() {
        ChannelTransport c = carrier;
        if (c == null) {
            for (ChannelTransport t : ServiceLoader.load(ChannelTransport.class, ShmTransport.class.getClassLoader())) {
                if (t.name().equals(CARRIER)) {
                    c = t;
                }
            }
            if (c == null) {
                throw new IpcException("the shm channel (ipc4j.channel=shm) needs the uds channel transport: "
                        + "put ipc-netty on the class path");
            }
            carrier = c;
        }
        return c;
    }

    /** Ends the threads of the carrier this transport made, if it made one. */
    @Override
    public void stopThreads(Duration timeout) {
        ChannelTransport c = carrier;
        if (c != null) {
            c.stopThreads(timeout);
        }
    }

    /** Where the segments of the context these settings serve are made. */
    static Path segmentDir(ChannelSettings settings) {
        String id = settings.contextId().orElseThrow(() ->
                new IpcException("the shm channel carries the pipes of a context only"));
        return ShmPaths.contextDir(id).resolve("pipes");
    }

    private static Path ensureSegmentDir(ChannelSettings settings) throws IOException {
        Path dir = segmentDir(settings);
        ShmPaths.ensureDirectory(dir.getParent());
        ShmPaths.ensureDirectory(dir);
        return dir;
    }

    /**
     * The coordinator's server, on {@code uds}; it makes the context's segment directory,
     * and deletes it when it closes with its context.
     */
    @Override
    public ChannelServer listen(ChannelSettings settings, String hint, FrameHandler.Factory handlers)
            throws IOException {
        Path dir = ensureSegmentDir(settings);
        ChannelServer server = carrier().listen(settings, hint, handlers);
        return new ChannelServer() {
            @Override
            public String address() {
                return server.address();
            }

            @Override
            public void close() {
                server.close();
                ShmPaths.deleteTree(dir);
                try {
                    Files.deleteIfExists(dir.getParent()); // when no shared object made it first
                } catch (IOException notEmpty) {
                    // the shared objects' own close removes it
                }
            }
        };
    }

    @Override
    public io.ipc4j.spi.FrameChannel connect(ChannelSettings settings, String address, FrameHandler handler,
                                             Duration timeout) throws IOException {
        return carrier().connect(settings, address, handler, timeout);
    }

    @Override
    public DirectListener listenDirect(ChannelSettings settings, String hint, long spinNanos) throws IOException {
        Path dir = segmentDir(settings);
        if (!Files.isDirectory(dir)) {
            // made by the coordinator's listen(), deleted when its context closes: not made again here
            throw new IOException("the segment directory " + dir + " is gone: the context is closed");
        }
        DirectListener sockets = carrier().listenDirect(settings, hint, 0);
        return new SegmentListener(sockets, sockets.address(), dir, settings, spinNanos, () -> { });
    }

    /** The listening side: makes the segment, tells the peer where it is, and deletes its file once mapped. */
    private static DirectChannel offerSegment(DirectChannel doorbell, Path dir, ChannelSettings settings,
                                              long spinNanos) throws IOException {
        ShmSegment segment = ShmSegment.create(dir);
        try {
            byte[] path = segment.file().toString().getBytes(StandardCharsets.UTF_8);
            doorbell.send(SEGMENT, path, 0, path.length);
            DirectChannel.Message reply = doorbell.receive(settings.handshakeTimeout().toNanos());
            if (reply == null) {
                throw new SocketTimeoutException("the other end of the pipe did not map its segment within "
                        + settings.handshakeTimeout());
            }
            if (reply.tag() != ATTACHED) {
                throw new IOException("the other end of the pipe answered " + reply.tag() + " instead of mapping");
            }
            return new ShmChannel(segment, 0, doorbell, spinNanos, settings.maxFrameBytes());
        } finally {
            segment.deleteFile(); // a segment not used is unmapped by the garbage collector
        }
    }

    /**
     * Listens at {@code shm:PATH} (a {@code Listener}, a manager): a Unix socket at PATH, and
     * the segments of its connections in the private directory {@link #segmentsBeside PATH.segments},
     * made here and removed with what is left in it when the listener closes. The dialler finds
     * the same directory from the address alone, with or without a context.
     */
    @Override
    public DirectListener listenDirectAt(ChannelSettings settings, String address, long spinNanos)
            throws IOException {
        Path socket = socketOf(address);
        Path dir = segmentsBeside(socket);
        // the socket first: it fails if the path is taken, before a directory another listener may own is touched
        DirectListener sockets = carrier().listenDirectAt(settings, CARRIER + ":" + socket, 0);
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException e) {
            sockets.close();
            throw new IOException("the segment directory " + dir + " of " + address
                    + " exists already (left by a listener that was killed?)", e);
        } catch (IOException | RuntimeException e) {
            sockets.close();
            throw e;
        }
        return new SegmentListener(sockets, name() + ":" + socket, dir, settings, spinNanos,
                () -> ShmPaths.deleteTree(dir));
    }

    /** The socket of an {@code shm:PATH} address. */
    private Path socketOf(String address) {
        if (!address.startsWith(name() + ":") || address.length() == name().length() + 1) {
            throw new IpcException("the shm channel transport listens and dials at shm:PATH only, not at " + address);
        }
        return Path.of(address.substring(name().length() + 1));
    }

    /** Where a listener at socket {@code socket} keeps its segments. */
    static Path segmentsBeside(Path socket) {
        return socket.resolveSibling(socket.getFileName() + ".segments");
    }

    /** Accepts connections on the carrier's sockets and moves each onto a segment it makes in {@code dir}. */
    private static final class SegmentListener implements DirectListener {
        private final DirectListener sockets;
        private final String address;
        private final Path dir;
        private final ChannelSettings settings;
        private final long spinNanos;
        private final Runnable onClose;

        SegmentListener(DirectListener sockets, String address, Path dir, ChannelSettings settings, long spinNanos,
                        Runnable onClose) {
            this.sockets = sockets;
            this.address = address;
            this.dir = dir;
            this.settings = settings;
            this.spinNanos = spinNanos;
            this.onClose = onClose;
        }

        @Override
        public String address() {
            return address;
        }

        @Override
        public DirectChannel accept(Duration timeout) throws IOException {
            DirectChannel doorbell = sockets.accept(timeout);
            try {
                return offerSegment(doorbell, dir, settings, spinNanos);
            } catch (IOException | RuntimeException e) {
                doorbell.close();
                throw e instanceof IOException io ? io
                        : new IOException("the other end of the pipe failed to map its segment: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            sockets.close();
            onClose.run();
        }
    }

    @Override
    public DirectChannel connectDirect(ChannelSettings settings, String address, long spinNanos, Duration timeout)
            throws IOException {
        Path dir;
        String socketAddress;
        if (address.startsWith(name() + ":")) { // a Listener's, not a context's pipe
            Path socket = socketOf(address);
            dir = segmentsBeside(socket);
            socketAddress = CARRIER + ":" + socket;
        } else {
            dir = segmentDir(settings);
            socketAddress = address;
        }
        DirectChannel doorbell = carrier().connectDirect(settings, socketAddress, 0, timeout);
        try {
            DirectChannel.Message offer = doorbell.receive(timeout.toNanos());
            if (offer == null) {
                throw new SocketTimeoutException("the other end of the pipe offered no segment within " + timeout);
            }
            if (offer.tag() != SEGMENT) {
                throw new IOException("the other end of the pipe sent " + offer.tag() + " instead of its segment");
            }
            ShmSegment segment = ShmSegment.attach(dir, Path.of(new String(offer.body(), StandardCharsets.UTF_8)));
            doorbell.send(ATTACHED, new byte[0], 0, 0);
            return new ShmChannel(segment, 1, doorbell, spinNanos, settings.maxFrameBytes());
        } catch (IOException e) {
            doorbell.close();
            throw e;
        } catch (RuntimeException e) {
            doorbell.close();
            throw new IOException("cannot map the pipe's segment: " + e.getMessage(), e);
        }
    }
}
