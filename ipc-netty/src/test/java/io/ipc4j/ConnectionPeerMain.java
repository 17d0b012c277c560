package io.ipc4j;

import java.time.Duration;
import java.util.HexFormat;

/**
 * A plain JVM with no {@link Context}, for {@link ListenerClientTest}: {@code listen ADDRESS}
 * prints {@code listening ADDRESS} once its {@link Listener} is up and accepts one peer;
 * {@code dial ADDRESS} connects with {@link Client}. Either way it then talks: sends a
 * greeting, echoes an object and reverses bytes, and prints {@code eof} when the other side
 * closes. The key comes in the environment ({@code PEER_AUTH_KEY}, hex), never in argv.
 */
public final class ConnectionPeerMain {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private ConnectionPeerMain() {
    }

    public static void main(String[] args) {
        byte[] key = HexFormat.of().parseHex(System.getenv("PEER_AUTH_KEY"));
        Address address = Address.parse(args[1]);
        if (args[0].equals("listen")) {
            try (Listener listener = new Listener(address, key)) {
                System.out.println("listening " + listener.address());
                System.out.flush();
                try (Connection c = listener.accept(WAIT)) {
                    talk(c);
                }
            }
        } else {
            try (Connection c = Client.connect(address, key)) {
                talk(c);
            }
        }
    }

    private static void talk(Connection c) {
        c.send("hello from " + ProcessHandle.current().pid());
        c.send("echo " + c.recv(WAIT));
        byte[] b = c.recvBytes(WAIT);
        byte[] reversed = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            reversed[i] = b[b.length - 1 - i];
        }
        c.sendBytes(reversed);
        try {
            Object unexpected = c.recv(WAIT);
            System.out.println("unexpected " + unexpected);
        } catch (ConnectionEOFException e) {
            System.out.println("eof");
        }
    }
}
