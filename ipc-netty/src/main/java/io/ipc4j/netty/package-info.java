/**
 * The Netty socket transport: framed, authenticated channels over Unix domain sockets
 * and TCP. Found through {@link java.util.ServiceLoader}; a user never imports it.
 */
package io.ipc4j.netty;
