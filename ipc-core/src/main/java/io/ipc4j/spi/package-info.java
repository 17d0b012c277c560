/**
 * The transport service-provider interface. A user never imports this package; a
 * transport module implements it and registers itself with {@link java.util.ServiceLoader}.
 */
package io.ipc4j.spi;
