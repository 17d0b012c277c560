package io.ipc4j;

/**
 * Every test of {@link ManagerLifecycleTest} (kill -9 of a manager, of a client, of the
 * coordinator; shutdown; interrupts), in this module's JVM (started with no flag): the
 * managers of its contexts on {@code uds} run over the shared-memory channel.
 */
class ManagerLifecycleOnShmTest extends ManagerLifecycleTest {
}
