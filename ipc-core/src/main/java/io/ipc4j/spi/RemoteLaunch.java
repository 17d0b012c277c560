package io.ipc4j.spi;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a node needs to start one child JVM for a coordinator on another host.
 *
 * @param name        the child's name, for messages
 * @param pinnedHost  the host the child must run on, or null to let the placement policy choose
 * @param jvmOptions  options before the class path (the node adds what its own Java version needs)
 * @param classPath   the coordinator's class path entries, files on the coordinator's machine
 * @param mainClass   the class the child runs
 * @param environment the child's ipc4j variables: how to dial back to the coordinator and its key
 *                    (secret: it travels only over an authenticated channel)
 */
public record RemoteLaunch(String name, String pinnedHost, List<String> jvmOptions, List<String> classPath,
                           String mainClass, Map<String, String> environment) {
    /** The child variables that name things of the machine the child runs on (see {@link #environmentOn}). */
    private static final String PREFIX = "IPC4J__";

    public RemoteLaunch {
        Objects.requireNonNull(name, "name");
        jvmOptions = List.copyOf(jvmOptions);
        classPath = List.copyOf(classPath);
        Objects.requireNonNull(mainClass, "mainClass");
        environment = Map.copyOf(environment);
    }

    /**
     * The child's environment as the node must give it: the variables that name the
     * coordinator's machine (the interface TCP listeners bind to, the socket directory, the
     * parent process the child watches) replaced by the node's own, so that the child's pipe
     * ends listen on the node's address and the child exits when the node dies.
     */
    public static Map<String, String> environmentOn(Map<String, String> environment, String bindHost, Path socketDir,
                                                    long parentPid) {
        Map<String, String> env = new HashMap<>(environment);
        for (String key : environment.keySet()) {
            if (key.startsWith(PREFIX) && key.endsWith("BIND")) {
                env.put(key, bindHost);
            } else if (key.startsWith(PREFIX) && key.endsWith("SOCKET_DIR")) {
                env.put(key, socketDir.toString());
            }
        }
        env.put(PREFIX + "PARENT_PID", String.valueOf(parentPid));
        return env;
    }
}
