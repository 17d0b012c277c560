package io.ipc4j.examples;

import io.ipc4j.ChildProcess;
import io.ipc4j.Connection;
import io.ipc4j.Context;
import io.ipc4j.Pipe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * A two-way pipe between two children: the writer sends a question and waits for the
 * answer; the reader, started a little later, receives the question (it waited in the
 * pipe meanwhile) and answers.
 *
 * <p>Twins seed 002, the second "Pipes" demo ({@code write_pipe}/{@code read_pipe}, the
 * reader starting 1 s after the writer, scaled down to {@code --delay-ms}); the first,
 * one-way demo is {@code pipe-hello-world}.
 */
@Command(name = "pipe-conversation", mixinStandardHelpOptions = true,
        description = "Two children ask and answer through a two-way pipe (seed 002).")
public final class PipeConversation implements Callable<Integer> {
    @AtLeast(0)
    @Option(names = "--delay-ms", defaultValue = "50",
            description = "Pause before the reader starts (default: ${DEFAULT-VALUE}).")
    long delayMs;

    @Mixin
    FailOnPurpose fail;

    @Override
    public Integer call() throws InterruptedException {
        try (Context mp = Context.create(); Children.Ending ending = Children.endOnExit(mp)) {
            Pipe pipe = mp.pipe();
            Connection c1 = pipe.left();
            Connection c2 = pipe.right();
            String failing = fail.process();
            ChildProcess p1 = mp.process(() -> writePipe(c1, failing)).name("writer");
            ChildProcess p2 = mp.process(() -> readPipe(c2, failing)).name("reader");
            p1.start();
            Thread.sleep(delayMs);
            p2.start();
            return Children.joinAll(p1, p2);
        }
    }

    static void writePipe(Connection conn, String failing) {
        FailOnPurpose.here(failing);
        conn.send("Hey! How are you ?");
        System.out.println("MSG by read-process : " + conn.recv(Children.WAIT));
    }

    static void readPipe(Connection conn, String failing) {
        FailOnPurpose.here(failing);
        System.out.println("MSG by write-process function : " + conn.recv(Children.WAIT));
        conn.send("Thanks you! I'm good.");
    }
}
