package io.ipc4j.netty;

import io.ipc4j.AuthenticationException;
import io.ipc4j.ConnectionEOFException;
import io.ipc4j.spi.DirectChannel;

import java.time.Duration;
import java.util.Arrays;

/**
 * The HMAC challenge of {@link AuthProtocol} in both directions on a {@link DirectSocketChannel}
 * whose frame limit is kept small until both sides pass. The dialing side runs it in the
 * calling thread; the listening side ({@link Serving}) advances it as frames arrive, so
 * that one thread can authenticate many connections at once and a silent one holds up
 * no other.
 */
final class DirectHandshake {
    private static final int HANDSHAKE_LIMIT = 1024;

    private DirectHandshake() {
    }

    /**
     * Answers the listener's challenge, then challenges it, blocking until done.
     *
     * @throws AuthenticationException if a key is wrong (the channel is closed)
     * @throws HandshakeAbortedException if the listener closed the connection or did not answer
     *                                   before its verdict (it may be busy: dialing again may succeed)
     */
    static void asClient(DirectSocketChannel ch, byte[] key, int maxFrame, Duration timeout)
            throws HandshakeAbortedException {
        try {
            answerThenChallenge(ch, key, System.nanoTime() + timeout.toNanos());
        } catch (ConnectionEOFException e) {
            ch.close();
            throw new HandshakeAbortedException("the peer closed the connection during authentication, before "
                    + "its verdict");
        }
        ch.setMaxFrameBytes(maxFrame);
    }

    private static void answerThenChallenge(DirectSocketChannel ch, byte[] key, long deadline)
            throws HandshakeAbortedException {
        ch.setMaxFrameBytes(HANDSHAKE_LIMIT);
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
        byte[] ours = AuthProtocol.newChallenge();
        send(ch, ours);
        if (!AuthProtocol.verify(key, ours, next(ch, deadline))) {
            send(ch, AuthProtocol.FAILURE);
            ch.close();
            throw new AuthenticationException("the peer failed the authentication challenge (digest received was wrong)");
        }
        send(ch, AuthProtocol.WELCOME);
    }

    private static byte[] next(DirectSocketChannel ch, long deadline) throws HandshakeAbortedException {
        try {
            DirectChannel.Message m = ch.receive(Math.max(0, deadline - System.nanoTime()));
            if (m == null) {
                ch.close();
                throw new HandshakeAbortedException("the peer did not finish authenticating in time "
                        + "(is ipc4j.tcp.tls the same at both ends?)");
            }
            return m.body();
        } catch (ConnectionEOFException e) {
            throw new HandshakeAbortedException("the peer closed the connection during authentication, before "
                    + "its verdict");
        }
    }

    private static void send(DirectSocketChannel ch, byte[] bytes) {
        ch.send((byte) 0, bytes, 0, bytes.length);
    }

    /** The listening side of the handshake on one accepted connection, advanced without blocking. */
    static final class Serving {
        private enum Step { AWAIT_ANSWER, AWAIT_CHALLENGE, AWAIT_VERDICT }

        private final DirectSocketChannel ch;
        private final byte[] key;
        private final int maxFrame;
        private final long deadline;
        private final byte[] sentChallenge;
        private Step step = Step.AWAIT_ANSWER;

        /** Sends the challenge; the peer then has until {@code deadline} (a {@link System#nanoTime()}). */
        Serving(DirectSocketChannel ch, byte[] key, int maxFrame, long deadline) {
            this.ch = ch;
            this.key = key;
            this.maxFrame = maxFrame;
            this.deadline = deadline;
            ch.setMaxFrameBytes(HANDSHAKE_LIMIT);
            sentChallenge = AuthProtocol.newChallenge();
            send(ch, sentChallenge);
        }

        DirectSocketChannel channel() {
            return ch;
        }

        long deadline() {
            return deadline;
        }

        /**
         * Takes the frames that have arrived, without blocking.
         *
         * @return whether both sides have now authenticated
         * @throws AuthenticationException if a key is wrong (the channel is closed)
         * @throws ConnectionEOFException if the peer hung up
         */
        boolean advance() {
            while (ch.ready()) {
                byte[] frame = ch.receive(0).body();
                switch (step) {
                    case AWAIT_ANSWER:
                        if (!AuthProtocol.verify(key, sentChallenge, frame)) {
                            send(ch, AuthProtocol.FAILURE);
                            ch.close();
                            throw new AuthenticationException(
                                    "the peer failed the authentication challenge (digest received was wrong)");
                        }
                        send(ch, AuthProtocol.WELCOME);
                        step = Step.AWAIT_CHALLENGE;
                        break;
                    case AWAIT_CHALLENGE:
                        if (!AuthProtocol.isChallenge(frame)) {
                            ch.close();
                            throw new AuthenticationException("the peer did not send an authentication challenge");
                        }
                        send(ch, AuthProtocol.answer(key, frame));
                        step = Step.AWAIT_VERDICT;
                        break;
                    default:
                        if (!Arrays.equals(frame, AuthProtocol.WELCOME)) {
                            ch.close();
                            throw new AuthenticationException("the peer rejected our authentication key");
                        }
                        ch.setMaxFrameBytes(maxFrame);
                        return true;
                }
            }
            return false;
        }
    }
}
