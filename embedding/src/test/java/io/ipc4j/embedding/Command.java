package io.ipc4j.embedding;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A command run to its end, or killed with all it started once its time is up. */
record Command(List<String> args, Path dir, Map<String, String> environment) {

    /** What a finished command printed (stdout and stderr together) and its exit status. */
    record Result(int exitCode, String output) {
        String tail() {
            return output.length() <= 6000 ? output : "…" + output.substring(output.length() - 6000);
        }
    }

    Result run(Duration timeout, Path log) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(args).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("MAVEN_") || k.startsWith("IPC4J_"));
        pb.environment().putAll(environment);
        Process p = pb.start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("still running after " + timeout + ": " + String.join(" ", args)
                        + "\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
