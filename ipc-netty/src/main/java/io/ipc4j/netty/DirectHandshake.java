package io.ipc4j.netty;

import io.ipc4j.AuthenticationException;
import io.ipc4j.ConnectionEOFException;
import io.ipc4j.IpcException;

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
        ch.send(challenge);
        if (!AuthProtocol.verify(key, challenge, next(ch, deadline))) {
            ch.send(AuthProtocol.FAILURE);
            ch.close();
            throw new AuthenticationException("the peer failed the authentication challenge (digest received was wrong)");
        }
        ch.send(AuthProtocol.WELCOME);
    }

    private static void answer(DirectSocketChannel ch, byte[] key, long deadline) {
        byte[] challenge = next(ch, deadline);
        if (!AuthProtocol.isChallenge(challenge)) {
            ch.close();
            throw new AuthenticationException("the peer did not send an authentication challenge");
        }
        ch.send(AuthProtocol.answer(key, challenge));
        if (!Arrays.equals(next(ch, deadline), AuthProtocol.WELCOME)) {
            ch.close();
            throw new AuthenticationException("the peer rejected our authentication key");
        }
    }

    private static byte[] next(DirectSocketChannel ch, long deadline) {
        try {
            byte[] f = ch.receive(Math.max(0, deadline - System.nanoTime()));
            if (f == null) {
                ch.close();
                throw new IpcException("the peer did not finish authenticating in time");
            }
            return f;
        } catch (ConnectionEOFException e) {
            throw new AuthenticationException("the peer closed the connection during authentication (wrong key?)");
        }
    }
}
