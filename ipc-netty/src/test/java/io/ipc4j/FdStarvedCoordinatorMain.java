package io.ipc4j;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * A coordinator for {@link AcceptFailureTest}, whose file descriptors the test takes away:
 * prints its pid and its control server's address, then starts a child that puts into a
 * queue each time it reads {@code start}, and prints what the child put.
 */
public final class FdStarvedCoordinatorMain {
    private FdStarvedCoordinatorMain() {
    }

    public static void main(String[] args) throws Exception {
        // neither the handshake timeout nor the limit may free descriptors here: the test is about accept failing
        try (Context mp = Context.create(Map.of(Config.CHANNEL, args[0], Config.HANDSHAKE_TIMEOUT_MILLIS, "600000",
                Config.MAX_PENDING_HANDSHAKES, "100000"))) {
            Queue<Integer> q = mp.queue();
            System.out.println("address " + mp.controlAddress());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); "start".equals(line); line = in.readLine()) {
                mp.process((Queue<Integer> out) -> out.put(42), q).start();
                System.out.println("child-put " + q.get(Duration.ofSeconds(60)));
                System.out.flush();
            }
        }
    }
}
