package io.ipc4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** How a managed object's counts survive the ways its proxies travel: as call arguments, serialized, in a failed send. */
@Timeout(180)
class ManagerReferenceTest {
    private static String runJava(List<String> jvmOptions, Class<?> main, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        StringBuilder out = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                out.append(line).append('\n');
            }
        }
        assertEquals(0, p.waitFor(), out.toString());
        return out.toString();
    }

    @Test
    void aProxyReferencedOnlyByACallsArgumentsOutlivesTheCall() throws Exception {
        String out = runJava(List.of("-Xmn8m", "-XX:+UseSerialGC"), ManagerArgumentRaceMain.class, "1500");
        assertTrue(out.contains("failures 0\n"), out);
    }
}
