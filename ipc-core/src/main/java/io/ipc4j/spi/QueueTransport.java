package io.ipc4j.spi;

/**
 * A way to carry the items of {@link io.ipc4j.Queue}s and {@link io.ipc4j.JoinableQueue}s
 * between processes, found with {@link java.util.ServiceLoader} and chosen by
 * {@link #name()} through the {@code ipc4j.queue} setting, so that every queue of a
 * context goes through the transport its settings name.
 *
 * <p>The coordinator opens the transport once per context, in {@code Context.create}:
 * problems that make the transport unusable in this JVM belong there, as a clear
 * exception. Children never open it: the handles made by {@link ContextQueues#create}
 * travel into them inside process targets and arguments (serialized by Kryo like any
 * object, so their non-transient fields are all they carry) and attach to their queue
 * on first use there.
 */
public interface QueueTransport {

    /** The value of {@code ipc4j.queue} that selects this transport, for example {@code broker}. */
    String name();

    /**
     * Opens the queues of one context, in its coordinator.
     *
     * @throws io.ipc4j.IpcException naming the cause if this transport cannot work here
     */
    ContextQueues open(QueueHost host);

    /**
     * Frees what the queues of a coordinator that died without closing (for example by
     * {@code kill -9}) left behind. Called by its orphaned children, for every transport on
     * the class path; must tolerate being called more than once, and concurrently.
     */
    void deleteOrphaned(String contextId);

    /**
     * Readies a spare child JVM of the context {@code contextId} for this transport's handles,
     * in the spare before it reports ready for a target, so that its target's first queue
     * operation does not pay for loading the transport (other children are not delayed so).
     * Called for every transport on the class path: one that the context does not use should
     * return at once. Best effort: must not throw. When {@code stop} turns true (the spare got
     * its target) it should return soon, leaving nothing behind: the target waits for it.
     */
    default void prepareChild(String contextId, java.util.function.BooleanSupplier stop) {
        prepareChild(contextId);
    }

    /**
     * The same, for a transport written before spares could be stopped: called by the
     * default {@link #prepareChild(String, java.util.function.BooleanSupplier)}, it cannot
     * be stopped, and a target that comes meanwhile waits for it to return.
     *
     * @deprecated override {@link #prepareChild(String, java.util.function.BooleanSupplier)}
     */
    @Deprecated
    default void prepareChild(String contextId) {
    }

    /**
     * The names of the classes a child JVM loads when it uses this transport's handles, for
     * the children's class-data archive: the JVM that builds it loads them (without
     * initializing them), so that children map them ready-parsed instead of reading them
     * from the jars. Names this class path lacks are skipped. Best effort: must not throw.
     */
    default java.util.List<String> archiveClasses() {
        return java.util.List.of();
    }

    /**
     * The options a child JVM of Java feature version {@code javaFeature} needs so that the
     * handles of this transport work in it (say, {@code --add-opens} for a library that
     * reflects into the JDK). Every child started while this transport is on the class path
     * gets them, whichever transport its context chose: a handle may travel on to it.
     */
    default java.util.List<String> childJvmOptions(int javaFeature) {
        return java.util.List.of();
    }
}
