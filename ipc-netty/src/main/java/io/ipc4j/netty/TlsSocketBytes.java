package io.ipc4j.netty;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * A TLS session over a non-blocking socket, through the JDK's {@link SSLEngine}. The TLS
 * handshake advances as the channel reads (so a listener still drives many peers from one
 * thread); what is written before it finished is kept and sent, encrypted, once it has.
 * Reading and writing may go on in two threads at once, as the engine allows.
 */
final class TlsSocketBytes implements SocketBytes {
    private final SocketChannel socket;
    private final SSLEngine engine;
    private final Object wrapLock = new Object();
    private final ByteBuffer netOut;
    private ByteBuffer netIn;
    /** Decrypted bytes not yet read, in write mode. */
    private ByteBuffer appIn;
    /** Written before the handshake finished, in write mode; null once sent. */
    private ByteBuffer early = ByteBuffer.allocate(256);
    private volatile boolean handshaken;

    TlsSocketBytes(SocketChannel socket, SSLEngine engine) throws IOException {
        this.socket = socket;
        this.engine = engine;
        this.netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        this.netIn = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        engine.beginHandshake();
        advanceHandshake();
    }

    @Override
    public int read(ByteBuffer into) throws IOException {
        while (true) {
            if (appIn.position() > 0) {
                appIn.flip();
                int n = Math.min(appIn.remaining(), into.remaining());
                into.put(into.position(), appIn, appIn.position(), n).position(into.position() + n);
                appIn.position(appIn.position() + n).compact();
                return n;
            }
            int got = socket.read(netIn);
            boolean produced = false;
            while (netIn.position() > 0) {
                netIn.flip();
                SSLEngineResult r;
                try {
                    r = engine.unwrap(netIn, appIn);
                } finally {
                    netIn.compact();
                }
                if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                    appIn = grow(appIn, engine.getSession().getApplicationBufferSize());
                    continue;
                }
                if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                    if (netIn.position() == netIn.capacity()) {
                        netIn = grow(netIn, engine.getSession().getPacketBufferSize());
                    }
                    break;
                }
                if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                    return appIn.position() > 0 ? 0 : -1;
                }
                produced |= r.bytesProduced() > 0;
                boolean engineHadWork = r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP
                        || r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK;
                advanceHandshake();
                if (r.bytesConsumed() == 0 && r.bytesProduced() == 0 && !engineHadWork) {
                    break;
                }
            }
            if (appIn.position() > 0) {
                continue;
            }
            if (got < 0) {
                if (!handshaken) {
                    throw new SSLException("the peer closed the connection during the TLS handshake "
                            + "(is TLS on at both ends? setting ipc4j.tcp.tls)");
                }
                return -1;
            }
            if (got == 0 && !produced) {
                return 0;
            }
        }
    }

    @Override
    public long write(ByteBuffer[] from) throws IOException {
        synchronized (wrapLock) {
            if (!handshaken) {
                long n = 0;
                for (ByteBuffer b : from) {
                    n += b.remaining();
                    early = grow(early, b.remaining());
                    early.put(b);
                }
                return n;
            }
            return wrapAll(from);
        }
    }

    /** Runs the engine's handshake steps that need no bytes from the peer; sends what was written early once done. */
    private void advanceHandshake() throws IOException {
        synchronized (wrapLock) {
            while (true) {
                SSLEngineResult.HandshakeStatus hs = engine.getHandshakeStatus();
                if (hs == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                    Runnable task;
                    while ((task = engine.getDelegatedTask()) != null) {
                        task.run();
                    }
                } else if (hs == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
                    netOut.clear();
                    SSLEngineResult r = engine.wrap(ByteBuffer.allocate(0), netOut);
                    flush();
                    if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                        throw new SSLException("the TLS session was closed during the handshake");
                    }
                } else {
                    break;
                }
            }
            if (!handshaken && engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING) {
                handshaken = true;
                early.flip();
                wrapAll(new ByteBuffer[] {early});
                early = null;
            }
        }
    }

    private long wrapAll(ByteBuffer[] from) throws IOException {
        long n = 0;
        while (hasRemaining(from)) {
            netOut.clear();
            SSLEngineResult r = engine.wrap(from, netOut);
            if (r.getStatus() != SSLEngineResult.Status.OK) {
                throw new SSLException("cannot encrypt: " + r.getStatus());
            }
            n += r.bytesConsumed();
            flush();
        }
        return n;
    }

    /** Sends all of {@link #netOut}, waiting briefly while the socket's buffer is full. */
    private void flush() throws IOException {
        netOut.flip();
        while (netOut.hasRemaining()) {
            if (socket.write(netOut) == 0) {
                LockSupport.parkNanos(50_000);
                if (!socket.isOpen()) {
                    throw new IOException("closed while sending");
                }
            }
        }
    }

    private static boolean hasRemaining(ByteBuffer[] bufs) {
        for (ByteBuffer b : bufs) {
            if (b.hasRemaining()) {
                return true;
            }
        }
        return false;
    }

    private static ByteBuffer grow(ByteBuffer b, int more) {
        if (b.remaining() >= more) {
            return b;
        }
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(b.capacity() * 2, b.position() + more));
        b.flip();
        return bigger.put(b);
    }
}
