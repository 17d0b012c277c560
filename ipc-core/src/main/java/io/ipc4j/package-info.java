/**
 * ipc4j: Python's {@code multiprocessing} for the JVM. Start with {@link io.ipc4j.Context}.
 */
package io.ipc4j;
