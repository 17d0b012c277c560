/** The {@code soak} subcommand: a coordinator that keeps making and dropping resources, and its figures. */
package io.ipc4j.examples.soak;
