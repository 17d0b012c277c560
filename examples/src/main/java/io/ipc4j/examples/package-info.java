/**
 * Java twins of the Python {@code multiprocessing} demos in the seed tutorials, one
 * picocli subcommand per demo, run from {@link io.ipc4j.examples.Main}.
 */
package io.ipc4j.examples;
