package io.ipc4j.examples;

import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One subcommand run in this JVM, as {@code java -jar} would run it, with what it printed.
 * Child output is copied into whatever {@code System.out} is at the time, so it is captured too.
 */
record CommandRun(int exitCode, String out, String err) {

    static synchronized CommandRun of(String... args) {
        PrintStream realOut = System.out;
        PrintStream realErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = Main.commandLine().execute(args);
        } finally {
            System.setOut(realOut);
            System.setErr(realErr);
        }
        return new CommandRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    List<String> lines() {
        return out.lines().toList();
    }

    /** For assertion messages: everything the run printed. */
    @Override
    public String toString() {
        return "exit code " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
