package io.ipc4j.examples;

import io.ipc4j.ChildProcess;
import io.ipc4j.Connection;
import io.ipc4j.Context;
import io.ipc4j.Pipe;
import picocli.CommandLine.Command;

import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Two children, one at each end of a pipe: the producer sends a random value, the
 * consumer receives it, and each prints the value with its own pid.
 *
 * <p>Twins seed 001, "Using multiprocessing.Pipe" ({@code producer_task}/{@code consumer_task}).
 */
@Command(name = "pipe-pids", mixinStandardHelpOptions = true,
        description = "A random value sent through a pipe between two children, with their pids (seed 001).")
public final class PipeValueWithPids implements Callable<Integer> {

    @Override
    public Integer call() {
        try (Context mp = Context.create(); Children.Ending ending = Children.endOnExit(mp)) {
            Pipe pipe = mp.pipe();
            Connection producerConn = pipe.left();
            Connection consumerConn = pipe.right();
            ChildProcess consumer = mp.process(PipeValueWithPids::consumerTask, consumerConn).name("consumer");
            ChildProcess producer = mp.process(PipeValueWithPids::producerTask, producerConn).name("producer");
            consumer.start();
            producer.start();
            return Children.joinAll(consumer, producer);
        }
    }

    static void producerTask(Connection conn) {
        int value = ThreadLocalRandom.current().nextInt(1, 11);
        conn.send(value);
        System.out.println(String.format(Locale.ROOT, "Value [%d] sent by PID [%d]", value,
                ProcessHandle.current().pid()));
        conn.close();
    }

    static void consumerTask(Connection conn) {
        int value = (Integer) conn.recv(Children.WAIT);
        System.out.println(String.format(Locale.ROOT, "Value [%d] received by PID [%d]", value,
                ProcessHandle.current().pid()));
    }
}
