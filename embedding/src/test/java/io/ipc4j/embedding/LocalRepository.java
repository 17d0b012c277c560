package io.ipc4j.embedding;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A Maven local repository of the sample project's own, holding this build's ipc4j jars and
 * poms as {@code mvn install} would put them, and reading everything else from this
 * machine's local repository as if it were a remote one: the sample builds offline, with
 * only what the ipc4j build itself resolved, and the real local repository is left alone.
 */
final class LocalRepository {
    private static final List<String> JARS = List.of("ipc-core", "ipc-netty", "ipc-mmap");

    private final Path dir;
    private final Path settings;

    private LocalRepository(Path dir, Path settings) {
        this.dir = dir;
        this.settings = settings;
    }

    /** Installs this build's artifacts under {@code workDir} and writes the settings that go with them. */
    static LocalRepository install(Path root, String version, Path outerRepository, Path workDir) throws IOException {
        Path dir = workDir.resolve("repository");
        installPom(dir, "ipc4j-parent", version, root.resolve("pom.xml"));
        installPom(dir, "ipc4j-bom", version, root.resolve("bom/pom.xml"));
        for (String module : JARS) {
            Path jar = root.resolve(module).resolve("target").resolve(module + "-" + version + ".jar");
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: package the library modules first");
            }
            Path to = installPom(dir, module, version, root.resolve(module).resolve("pom.xml"));
            Files.copy(jar, to.resolveSibling(module + "-" + version + ".jar"), StandardCopyOption.REPLACE_EXISTING);
        }
        Path settings = workDir.resolve("settings.xml");
        String remote = outerRepository.toUri().toString();
        Files.writeString(settings, """
                <settings>
                  <profiles>
                    <profile>
                      <id>this-machine-only</id>
                      <repositories>
                        <repository>
                          <id>central</id>
                          <url>%1$s</url>
                          <snapshots><enabled>false</enabled></snapshots>
                          <releases><checksumPolicy>ignore</checksumPolicy></releases>
                        </repository>
                      </repositories>
                      <pluginRepositories>
                        <pluginRepository>
                          <id>central</id>
                          <url>%1$s</url>
                          <snapshots><enabled>false</enabled></snapshots>
                          <releases><checksumPolicy>ignore</checksumPolicy></releases>
                        </pluginRepository>
                      </pluginRepositories>
                    </profile>
                  </profiles>
                  <activeProfiles>
                    <activeProfile>this-machine-only</activeProfile>
                  </activeProfiles>
                </settings>
                """.formatted(remote));
        return new LocalRepository(dir, settings);
    }

    private static Path installPom(Path repo, String artifactId, String version, Path pom) throws IOException {
        Path to = repo.resolve("io/ipc4j").resolve(artifactId).resolve(version).resolve(artifactId + "-" + version + ".pom");
        Files.createDirectories(to.getParent());
        Files.copy(pom, to, StandardCopyOption.REPLACE_EXISTING);
        return to;
    }

    /**
     * Options for a Maven run against this repository: offline, except that file URLs
     * (this machine's own repository) count as reachable; {@code -U} so that a lookup that
     * failed in an earlier run is tried again.
     */
    List<String> mavenOptions() {
        return List.of("-B", "-o", "-U", "-Daether.offline.protocols=file", "-s", settings.toString(),
                "-gs", settings.toString(), "-Dmaven.repo.local=" + dir);
    }
}
