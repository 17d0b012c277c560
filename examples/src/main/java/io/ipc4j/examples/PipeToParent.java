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
 * A child sends a list through its end of a pipe; the parent receives it on the other end.
 *
 * <p>Twins seed 004, "Pipe" ({@code f(conn)} sending {@code ['hello world']}).
 */
@Command(name = "pipe-hello", mixinStandardHelpOptions = true,
        description = "A child sends [hello world] through a pipe to the parent (seed 004).")
public final class PipeToParent implements Callable<Integer> {

    @Override
    public Integer call() {
        try (Context mp = Context.create(); Children.Ending ending = Children.endOnExit(mp)) {
            Pipe pipe = mp.pipe();
            Connection parentConn = pipe.left();
            Connection childConn = pipe.right();
            ChildProcess p = mp.process(PipeToParent::f, childConn).start();
            System.out.println(parentConn.recv(Children.WAIT));
            return Children.joinAll(p);
        }
    }

    static void f(Connection conn) {
        conn.send(new ArrayList<>(List.of("hello world")));
        conn.close();
    }
}
