package io.ipc4j.examples;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/**
 * A thread prints "Hello World"; the main thread joins it.
 *
 * <p>Twins seed 002, "Start thread" ({@code Thread(target=print_hello)}, {@code start()},
 * {@code join()}). A plain JDK thread.
 */
@Command(name = "thread-hello", mixinStandardHelpOptions = true,
        description = "A thread prints Hello World (seed 002, threading).")
public final class ThreadHello implements Callable<Integer> {

    @Override
    public Integer call() throws InterruptedException {
        Thread t = new Thread(ThreadHello::printHello);
        t.start();
        t.join();
        return 0;
    }

    static void printHello() {
        System.out.println("Hello World");
    }
}
