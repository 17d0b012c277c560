package io.ipc4j.internal.process;

import java.security.SecureRandom;
import java.util.HexFormat;

/** One-time tokens by which a child that dials back is told apart from any other peer. */
public final class ChildTokens {
    private static final SecureRandom RANDOM = new SecureRandom();

    private ChildTokens() {
    }

    public static String next() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
