package io.ipc4j.netty;

import io.ipc4j.AuthenticationException;
import io.ipc4j.ConnectionEOFException;
import io.ipc4j.IpcException;
import io.ipc4j.spi.DirectChannel;

import java.time.Duration;
import java.util.Arrays;

/**
 * The HMAC challenge of {@link AuthProtocol} in both directions, run by the calling thread
 * on a {@link DirectSocketChannel} whose frame limit is kept small until both sides pass.
 */
final class DirectHandshake {
    private static final int HANDSHAKE_LIMIT = 1024;

    private DirectHandshake() {
    }

    static void asServer(DirectSocketChannel ch, byte[] key, int maxFrame, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ch.setMaxFrameBytes(HANDSHAKE_LIMIT);
        challenge(ch, key, deadline);
        answer(ch, key, deadline);
        ch.setMaxFrameBytes(maxFrame);
    }

    static void asClient(DirectSocketChannel ch, byte[] key, int maxFrame, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ch.setMaxFrameBytes(HANDSHAKE_LIMIT);
        answer(ch, key, deadline);
        challenge(ch, key, deadline);
        ch.setMaxFrameBytes(maxFrame);
    }

    private static void challenge(DirectSocketChannel ch, byte[] key, long deadline) {
        byte[] challenge = AuthProtocol.newChallenge();
        send(ch, challenge);
        if (!AuthProtocol.verify(key, challenge, next(ch, deadline))) {
            send(ch, AuthProtocol.FAILURE);
            ch.close();
            throw new AuthenticationException("the peer failed the authentication challenge (digest received was wrong)");
        }
        send(ch, AuthProtocol.WELCOME);
    }

    private static void answer(DirectSocketChannel ch, byte[] key, long deadline) {
        byte[] challenge = next(ch, deadline);
        if (!AuthProtocol.isChallenge(challenge)) {
            ch.close();
            throw new AuthenticationException("the peer did not send an authentication challenge");
        }
        send(ch, AuthProtocol.answer(key, challenge));
        if (!Arrays.equals(next(ch, deadline), AuthProtocol.WELCOME)) {
            ch.close();
            throw new AuthenticationException("the peer rejected our authentication key");
        }
    }

    private static void send(DirectSocketChannel ch, byte[] bytes) {
        ch.send((byte) 0, bytes, 0, bytes.length);
    }

    private static byte[] next(DirectSocketChannel ch, long deadline) {
        try {
            DirectChannel.Message m = ch.receive(Math.max(0, deadline - System.nanoTime()));
            if (m == null) {
                ch.close();
                throw new IpcException("the peer did not finish authenticating in time");
            }
            return m.body();
        } catch (ConnectionEOFException e) {
            throw new AuthenticationException("the peer closed the connection during authentication (wrong key?)");
        }
    }
}
