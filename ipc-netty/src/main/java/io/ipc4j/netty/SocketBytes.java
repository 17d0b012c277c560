package io.ipc4j.netty;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * The bytes of a {@link DirectSocketChannel}: the socket's own, or those of a TLS session
 * over it ({@link TlsSocketBytes}). Non-blocking, as the socket: a read of 0 means nothing yet.
 */
interface SocketBytes {
    int read(ByteBuffer into) throws IOException;

    long write(ByteBuffer[] from) throws IOException;

    /** The plain socket's bytes. */
    static SocketBytes plain(SocketChannel socket) {
        return new SocketBytes() {
            @Override
            public int read(ByteBuffer into) throws IOException {
                return socket.read(into);
            }

            @Override
            public long write(ByteBuffer[] from) throws IOException {
                return socket.write(from);
            }
        };
    }
}
