package io.ipc4j.examples;

import io.ipc4j.ChildProcess;
import io.ipc4j.Connection;
import io.ipc4j.Context;
import io.ipc4j.Pipe;
import picocli.CommandLine.Command;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * A sender child sends messages through a pipe, the last one {@code "END"}; a receiver
 * child prints each message until {@code "END"} arrives.
 *
 * <p>Twins seed 003, "Communication between processes - Pipes" ({@code sender}/{@code receiver}).
 */
@Command(name = "pipe-messages", mixinStandardHelpOptions = true,
        description = "Send messages through a pipe until END, between two children (seed 003).")
public final class PipeMessagesUntilEnd implements Callable<Integer> {
    static final String END = "END";

    @Override
    public Integer call() {
        ArrayList<String> msgs = new ArrayList<>(List.of("hello", "hey", "hru?", END));
        try (Context mp = Context.create(); Children.Ending ending = Children.endOnExit(mp)) {
            Pipe pipe = mp.pipe();
            Connection parentConn = pipe.left();
            Connection childConn = pipe.right();
            ChildProcess p1 = mp.process(PipeMessagesUntilEnd::sender, parentConn, msgs).name("sender");
            ChildProcess p2 = mp.process(PipeMessagesUntilEnd::receiver, childConn).name("receiver");
            p1.start();
            p2.start();
            return Children.joinAll(p1, p2);
        }
    }

    static void sender(Connection conn, List<String> msgs) {
        for (String msg : msgs) {
            conn.send(msg);
            System.out.println("Sent the message: " + msg);
        }
        conn.close();
    }

    static void receiver(Connection conn) {
        while (true) {
            Object msg = conn.recv(Children.WAIT);
            if (END.equals(msg)) {
                break;
            }
            System.out.println("Received the message: " + msg);
        }
    }
}
