package io.ipc4j.netty;

import io.ipc4j.ConnectionEOFException;
import io.ipc4j.spi.ChannelSettings;
import io.ipc4j.spi.DirectChannel;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;

/**
 * A plain JVM for {@link SpinPolicyTest}: dials the direct channel at {@code args[0]} (the key in
 * {@code PEER_AUTH_KEY}, hex) and sends every message back; a message whose first byte is
 * {@code 'p'} is sent back after a pause of {@code args[1]} ms. Ends at end of stream.
 */
public final class EchoPeerMain {
    private EchoPeerMain() {
    }

    public static void main(String[] args) throws Exception {
        byte[] key = HexFormat.of().parseHex(System.getenv("PEER_AUTH_KEY"));
        long pauseMillis = Long.parseLong(args[1]);
        ChannelSettings settings = new ChannelSettings(key, 1 << 20, "127.0.0.1", Path.of("/tmp"));
        DirectChannel ch = DirectSockets.connect(settings, args[0], 50_000, Duration.ofSeconds(30));
        try {
            while (true) {
                DirectChannel.Message m = ch.receive(-1);
                if (m.body().length > 0 && m.body()[0] == 'p') {
                    Thread.sleep(pauseMillis);
                }
                ch.send(m.tag(), m.body(), 0, m.body().length);
            }
        } catch (ConnectionEOFException endOfStream) {
            ch.close();
        }
    }
}
