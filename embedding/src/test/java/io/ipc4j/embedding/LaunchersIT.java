package io.ipc4j.embedding;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A small separate project (in {@code src/it/demo}) depends on ipc4j through its BOM; its
 * {@code main} starts a child that puts into a Queue and a Pool that maps with a function of
 * the project's own. It is built against this build's jars, then run under every launcher a
 * user may pick: each must print what the children sent back.
 */
@Timeout(600)
@TestMethodOrder(MethodOrderer.MethodName.class)
class LaunchersIT {
    private static final String EXPECTED = "DEMO queue=49 pool=[1, 4, 9] exit=0";
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);
    private static final List<String> TOKENS = List.of("ipc4j.version", "slf4j.version", "junit.version",
            "resources-plugin.version", "compiler-plugin.version", "surefire-plugin.version", "jar-plugin.version",
            "dependency-plugin.version", "shade-plugin.version", "spring-boot.version", "exec-plugin.version");

    private static Path work;
    private static Path project;
    private static LocalRepository repository;
    private static Command.Result build;

    @BeforeAll
    static void buildTheSampleProject() throws Exception {
        Path root = Path.of(property("ipc4j.root")).toRealPath();
        work = root.resolve("embedding/target/launchers");
        project = work.resolve("demo");
        deleteTree(project);
        repository = LocalRepository.install(root, property("ipc4j.version"),
                Path.of(property("outer.local.repository")), work);
        copyProject(root.resolve("embedding/src/it/demo"), project);
        build = maven("verify").run(Duration.ofMinutes(8), work.resolve("build.log"));
        assertEquals(0, build.exitCode(), "the sample project did not build:\n" + build.tail());
    }

    @Test
    void javaWithAClassPath() throws Exception {
        String classPath = project.resolve("target/classes") + File.pathSeparator + dependencyClassPath();
        expectDemo(java("-cp", classPath, "demo.Main"), "java-cp");
    }

    @Test
    void javaDashJarOfAShadedJar() throws Exception {
        expectDemo(java("-jar", project.resolve("target/demo-1.0-shaded.jar").toString()), "java-jar-shaded");
    }

    @Test
    void mavenExecJava() throws Exception {
        expectDemo(maven("-q", "exec:java", "-Dexec.mainClass=demo.Main"), "exec-java");
    }

    @Test
    void surefireAndFailsafeWithTheirDefaultSettings() throws Exception {
        for (String report : List.of("surefire-reports/demo.DemoTest.txt", "failsafe-reports/demo.DemoIT.txt")) {
            Path file = project.resolve("target").resolve(report);
            assertTrue(Files.isRegularFile(file), report + " is missing:\n" + build.tail());
            String text = Files.readString(file, StandardCharsets.UTF_8);
            assertTrue(text.contains("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0"), report + ":\n" + text);
        }
    }

    @Test
    void springBootExecutableJar() throws Exception {
        expectDemo(java("-jar", project.resolve("target/demo-1.0-boot.jar").toString()), "spring-boot");
    }

    @Test
    void modulePath() throws Exception {
        String modulePath = project.resolve("target/demo-1.0.jar") + File.pathSeparator + dependencyClassPath();
        expectDemo(java("-p", modulePath, "--add-modules", "ALL-MODULE-PATH", "-m", "demo/demo.Main"), "module-path");
    }

    private static void expectDemo(Command command, String name) throws Exception {
        Command.Result result = command.run(RUN_TIMEOUT, work.resolve(name + ".log"));
        assertEquals(0, result.exitCode(), name + " failed:\n" + result.tail());
        assertTrue(result.output().contains(EXPECTED), name + " printed:\n" + result.tail());
        assertNoChildLeft(name);
    }

    /** Every child JVM of the run ended with it: none is left running from the project's jars. */
    private static void assertNoChildLeft(String name) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<ProcessHandle> left;
        do {
            left = ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().map(c -> c.contains(work.toString())).orElse(false))
                    .toList();
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        left.forEach(ProcessHandle::destroyForcibly);
        throw new AssertionError(name + " left processes behind: "
                + left.stream().map(p -> p.info().commandLine().orElse("?")).toList());
    }

    private static String dependencyClassPath() throws IOException {
        return Files.readString(project.resolve("target/classpath.txt"), StandardCharsets.UTF_8).trim();
    }

    private static Command java(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(args));
        return new Command(cmd, project, Map.of());
    }

    private static Command maven(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(property("maven.home"), "bin", "mvn").toString());
        cmd.addAll(repository.mavenOptions());
        cmd.addAll(List.of(args));
        return new Command(cmd, project, Map.of("JAVA_HOME", System.getProperty("java.home")));
    }

    private static void copyProject(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else if (f.getFileName().toString().equals("pom.xml")) {
                    String pom = Files.readString(f, StandardCharsets.UTF_8);
                    for (String token : TOKENS) {
                        pom = pom.replace("@" + token + "@", property(token));
                    }
                    Files.writeString(target, pom, StandardCharsets.UTF_8);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.sorted((a, b) -> b.compareTo(a)).toList()) {
                    Files.delete(f);
                }
            }
        }
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set (the module's pom sets it)");
        }
        return value;
    }
}
