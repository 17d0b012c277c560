package io.ipc4j.examples;

import io.ipc4j.ChildProcess;
import io.ipc4j.Connection;
import io.ipc4j.Context;
import io.ipc4j.Pipe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * A writer child sends "Hello world" into a pipe; a reader child, started a little later,
 * receives it (it waited in the pipe meanwhile) and prints it.
 *
 * <p>Twins seed 002, the first "Pipes" demo ({@code write_pipe}/{@code read_pipe} over
 * {@code Pipe()}, the reader starting 1 s after the writer, scaled down to
 * {@code --delay-ms}). {@code pipe-conversation} twins the second, two-way one.
 */
@Command(name = "pipe-hello-world", mixinStandardHelpOptions = true,
        description = "One child writes Hello world into a pipe, another reads it (seed 002).")
public final class PipeOneWay implements Callable<Integer> {
    @AtLeast(0)
    @Option(names = "--delay-ms", defaultValue = "50",
            description = "Pause before the reader starts (default: ${DEFAULT-VALUE}).")
    long delayMs;

    @Override
    public Integer call() throws InterruptedException {
        try (Context mp = Context.create(); Children.Ending ending = Children.endOnExit(mp)) {
            Pipe pipe = mp.pipe();
            Connection c1 = pipe.left();
            Connection c2 = pipe.right();
            ChildProcess p1 = mp.process(PipeOneWay::writePipe, c1).name("writer");
            ChildProcess p2 = mp.process(PipeOneWay::readPipe, c2).name("reader");
            p1.start();
            Thread.sleep(delayMs);
            p2.start();
            return Children.joinAll(p1, p2);
        }
    }

    static void writePipe(Connection c2) {
        c2.send("Hello world");
    }

    static void readPipe(Connection c1) {
        System.out.println(c1.recv(Children.WAIT));
    }
}
