package io.ipc4j;

import java.util.Map;

/** Makes a context on the shm channel in a JVM without Agrona's flag; exits 3 with the message when refused. */
public final class ShmWithoutFlagMain {
    private ShmWithoutFlagMain() {
    }

    public static void main(String[] args) {
        try (Context mp = Context.create(Map.of(Config.CHANNEL, "shm"))) {
            System.out.println("made a context without the flag");
            System.exit(0);
        } catch (IpcException e) {
            System.out.println(e.getMessage());
            System.exit(3);
        }
    }
}
