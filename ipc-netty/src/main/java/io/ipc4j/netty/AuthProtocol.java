package io.ipc4j.netty;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The messages of the HMAC challenge, shared by the event-driven {@link AuthHandshake}
 * and the blocking {@link DirectHandshake}: a challenge is {@code #CHALLENGE#} and 32
 * random bytes, its answer the HMAC-SHA256 of those bytes under the shared key, and the
 * verdict {@code #WELCOME#} or {@code #FAILURE#}.
 */
final class AuthProtocol {
    static final byte[] CHALLENGE = "#CHALLENGE#".getBytes(StandardCharsets.US_ASCII);
    static final byte[] WELCOME = "#WELCOME#".getBytes(StandardCharsets.US_ASCII);
    static final byte[] FAILURE = "#FAILURE#".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private AuthProtocol() {
    }

    static byte[] newChallenge() {
        byte[] c = Arrays.copyOf(CHALLENGE, CHALLENGE.length + 32);
        byte[] nonce = new byte[32];
        RANDOM.nextBytes(nonce);
        System.arraycopy(nonce, 0, c, CHALLENGE.length, nonce.length);
        return c;
    }

    static boolean isChallenge(byte[] frame) {
        return frame.length > CHALLENGE.length && Arrays.equals(frame, 0, CHALLENGE.length, CHALLENGE, 0,
                CHALLENGE.length);
    }

    static byte[] answer(byte[] key, byte[] challenge) {
        return hmacSha256(key, Arrays.copyOfRange(challenge, CHALLENGE.length, challenge.length));
    }

    private static final int SHA256_BLOCK = 64;

    /**
     * HMAC-SHA256 (RFC 2104) on {@link MessageDigest}: the same bytes as
     * {@code javax.crypto.Mac}'s, without JCE's start-up (its policy files and provider
     * checks), which took about 50 ms of a child's start, every child dialing once.
     */
    static byte[] hmacSha256(byte[] key, byte[] message) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
        byte[] k = key.length > SHA256_BLOCK ? sha.digest(key) : key;
        byte[] inner = new byte[SHA256_BLOCK];
        byte[] outer = new byte[SHA256_BLOCK];
        for (int i = 0; i < SHA256_BLOCK; i++) {
            byte b = i < k.length ? k[i] : 0;
            inner[i] = (byte) (b ^ 0x36);
            outer[i] = (byte) (b ^ 0x5c);
        }
        sha.update(inner);
        byte[] innerHash = sha.digest(message);
        sha.update(outer);
        return sha.digest(innerHash);
    }

    static boolean verify(byte[] key, byte[] challenge, byte[] answer) {
        return MessageDigest.isEqual(answer, answer(key, challenge));
    }
}
