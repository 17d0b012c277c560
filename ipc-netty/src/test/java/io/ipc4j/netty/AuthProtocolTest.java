package io.ipc4j.netty;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The handshake's HMAC-SHA256: RFC 4231's test vectors, and the JDK's Mac on many keys and lengths. */
@Timeout(30)
class AuthProtocolTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void rfc4231TestVectors() {
        assertEquals("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
                hmac(HEX.parseHex("0b".repeat(20)), "Hi There".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                hmac("Jefe".getBytes(StandardCharsets.US_ASCII),
                        "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII)));
        // a key longer than the block is hashed first
        assertEquals("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
                hmac(HEX.parseHex("aa".repeat(131)),
                        "Test Using Larger Than Block-Size Key - Hash Key First".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void sameAsTheJdksMacForKeysAndMessagesOfEveryLength() throws Exception {
        Random random = new Random(42);
        for (int keyLength = 1; keyLength <= 130; keyLength += 7) {
            for (int messageLength = 0; messageLength <= 200; messageLength += 33) {
                byte[] key = new byte[keyLength];
                byte[] message = new byte[messageLength];
                random.nextBytes(key);
                random.nextBytes(message);
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                assertArrayEquals(mac.doFinal(message), AuthProtocol.hmacSha256(key, message),
                        "key of " + keyLength + " bytes, message of " + messageLength);
            }
        }
    }

    @Test
    void anAnswerVerifiesOnlyUnderTheSameKey() {
        byte[] key = "the right key, thirty-two bytes!".getBytes(StandardCharsets.US_ASCII);
        byte[] challenge = AuthProtocol.newChallenge();
        byte[] answer = AuthProtocol.answer(key, challenge);
        assertTrue(AuthProtocol.verify(key, challenge, answer));
        assertFalse(AuthProtocol.verify("a wrong key, also thirty-two b!!".getBytes(StandardCharsets.US_ASCII),
                challenge, answer));
        assertFalse(AuthProtocol.verify(key, AuthProtocol.newChallenge(), answer));
    }

    private static String hmac(byte[] key, byte[] message) {
        return HEX.formatHex(AuthProtocol.hmacSha256(key, message));
    }
}
