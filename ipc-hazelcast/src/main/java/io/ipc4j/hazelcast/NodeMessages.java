package io.ipc4j.hazelcast;

import java.util.ArrayList;
import java.util.HashMap;

/**
 * What a coordinator and a node say to each other over the node's authenticated channel.
 * A launch goes: {@link Launch} (with the SHA-256 of every class path jar), {@link Need}
 * (the jars the node does not have), one {@link Jar} each, {@link Go}, then
 * {@link Started} or {@link Failed}; the child's {@link Output} follows as it comes, and
 * {@link Exited} when it ends.
 */
final class NodeMessages {
    private NodeMessages() {
    }

    /** The coordinator's first message: its Hazelcast member, so that the node can watch it. */
    record Hello(String coordinatorMember) {
    }

    record Launch(long id, String name, ArrayList<String> jvmOptions, ArrayList<String> jars, String mainClass,
                  HashMap<String, String> environment) {
    }

    record Need(long id, ArrayList<String> missing) {
    }

    record Jar(String sha256, byte[] bytes) {
    }

    record Go(long id) {
    }

    record Started(long id, long pid) {
    }

    record Failed(long id, String message) {
    }

    /** Whole lines a child wrote to its stdout ({@code err} false) or stderr, sent before its {@link Exited}. */
    record Output(long id, boolean err, byte[] lines) {
    }

    record Exited(long id, int status) {
    }

    /** SIGKILL when {@code kill}, else SIGTERM. */
    record Signal(long id, boolean kill) {
    }
}
