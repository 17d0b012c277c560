package io.ipc4j.netty;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
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
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(Arrays.copyOfRange(challenge, CHALLENGE.length, challenge.length));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    static boolean verify(byte[] key, byte[] challenge, byte[] answer) {
        return MessageDigest.isEqual(answer, answer(key, challenge));
    }
}
