package io.ipc4j.internal.rpc;

import io.ipc4j.ConnectionEOFException;
import io.ipc4j.spi.FrameChannel;
import io.ipc4j.spi.FrameHandler;

import java.time.Duration;

/**
 * One end of an in-process channel: what one end sends, the other end's handler receives
 * at once, in the sender's thread. The coordinator talks to its own server this way, so
 * that its queue operations cost a method call, not a trip through a socket.
 */
public final class LocalChannel implements FrameChannel {
    private final String name;
    private LocalChannel peer;
    private FrameHandler peerHandler;
    private volatile boolean open = true;

    private LocalChannel(String name) {
        this.name = name;
    }

    /**
     * Connects a client handler to a server.
     *
     * @return the client's end
     */
    public static LocalChannel connect(FrameHandler.Factory server, FrameHandler client) {
        LocalChannel clientEnd = new LocalChannel("local client");
        LocalChannel serverEnd = new LocalChannel("local server");
        clientEnd.peer = serverEnd;
        serverEnd.peer = clientEnd;
        serverEnd.peerHandler = client;
        clientEnd.peerHandler = server.create(serverEnd);
        return clientEnd;
    }

    @Override
    public void send(byte[] frame) {
        if (!open) {
            throw new ConnectionEOFException("the in-process channel is closed");
        }
        peerHandler.onFrame(peer, frame);
    }

    @Override
    public void execute(Runnable task) {
        task.run();
    }

    @Override
    public boolean awaitWritable(Duration timeout) {
        return true;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public String peer() {
        return peer.name;
    }

    @Override
    public void close() {
        if (!open) {
            return;
        }
        open = false;
        peer.open = false;
        peerHandler.onClose(peer, null);
        peer.peerHandler.onClose(this, null);
    }
}
