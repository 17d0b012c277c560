package io.ipc4j.hazelcast;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A peer that speaks ipc4j's wire by hand, as an attacker would: it answers the listener's
 * HMAC challenge with a key of its choosing and, without waiting for the verdict, sends
 * the rest of the handshake and then the frames it wants the listener to read. With the
 * right key the listener takes those frames (the test's control); with a wrong one it must
 * not read any of them.
 */
final class RawPeer implements AutoCloseable {
    private static final byte[] CHALLENGE = "#CHALLENGE#".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WELCOME = "#WELCOME#".getBytes(StandardCharsets.US_ASCII);

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    /** Whether frames carry a tag byte after their length: the channels of a Listener do, the coordinator's do not. */
    private final boolean tagged;

    private RawPeer(String tcpAddress, boolean tagged) throws IOException {
        String hostPort = tcpAddress.startsWith("tcp:") ? tcpAddress.substring(4) : tcpAddress;
        int colon = hostPort.lastIndexOf(':');
        this.socket = new Socket();
        socket.connect(new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))),
                5000);
        socket.setSoTimeout(10_000);
        this.in = new DataInputStream(socket.getInputStream());
        this.out = new DataOutputStream(socket.getOutputStream());
        this.tagged = tagged;
    }

    /**
     * Dials {@code address}, reads the listener's challenge, answers it with {@code key}, and
     * sends, at once and in one write, its own challenge, a welcome and {@code frames}.
     *
     * @param tagged whether the listener's frames carry a tag byte (a {@link io.ipc4j.Listener}'s)
     */
    static RawPeer attack(String address, boolean tagged, byte[] key, List<byte[]> frames) throws IOException {
        RawPeer p = new RawPeer(address, tagged);
        byte[] challenge = p.readFrame();
        if (!Arrays.equals(challenge, 0, CHALLENGE.length, CHALLENGE, 0, CHALLENGE.length)) {
            throw new IOException("the listener did not challenge first");
        }
        java.io.ByteArrayOutputStream burst = new java.io.ByteArrayOutputStream();
        p.frame(burst, answer(key, challenge));
        byte[] ours = Arrays.copyOf(CHALLENGE, CHALLENGE.length + 32);
        byte[] nonce = new byte[32];
        new SecureRandom().nextBytes(nonce);
        System.arraycopy(nonce, 0, ours, CHALLENGE.length, 32);
        p.frame(burst, ours);
        p.frame(burst, WELCOME);
        for (byte[] f : frames) {
            p.frame(burst, f);
        }
        p.out.write(burst.toByteArray());
        p.out.flush();
        return p;
    }

    /** Reads frames until the listener closes the connection or {@code millis} pass; returns whether it closed. */
    boolean closedByPeerWithin(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            while (true) {
                readFrame();
            }
        } catch (java.io.EOFException | java.net.SocketException e) {
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        }
    }

    private void frame(java.io.ByteArrayOutputStream to, byte[] body) throws IOException {
        DataOutputStream d = new DataOutputStream(to);
        d.writeInt(body.length + (tagged ? 1 : 0));
        if (tagged) {
            d.writeByte(0);
        }
        d.write(body);
    }

    private byte[] readFrame() throws IOException {
        int length = in.readInt();
        if (length < 0 || length > 1 << 20) {
            throw new IOException("a frame of " + length + " bytes");
        }
        byte[] b = new byte[length];
        in.readFully(b);
        return tagged ? Arrays.copyOfRange(b, 1, b.length) : b;
    }

    private static byte[] answer(byte[] key, byte[] challenge) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(Arrays.copyOfRange(challenge, CHALLENGE.length, challenge.length));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
