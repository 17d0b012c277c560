package io.ipc4j.netty;

import java.io.IOException;

/**
 * The connection ended, or timed out, before the other side gave its verdict on our key:
 * a listener that is busy closes new connections at once, and one whose deadline passed
 * closes slow ones. Unlike a rejected key, trying again may succeed.
 */
final class HandshakeAbortedException extends IOException {
    HandshakeAbortedException(String message) {
        super(message);
    }
}
