package io.ipc4j;

import io.ipc4j.spi.TlsStores;

/** Which TLS stores a {@link Listener} or {@link Client} uses ({@link Config#TCP_TLS}). */
final class TlsSettings {
    private TlsSettings() {
    }

    /**
     * Its own settings' when they say {@link Config#TCP_TLS}, else those of the context this
     * process belongs to, if any.
     *
     * @throws IllegalArgumentException naming the setting when TLS is on and a store or its password is missing or wrong
     */
    static TlsStores storesOrThisProcess(Config config) {
        return config.isGiven(Config.TCP_TLS) ? TlsStores.of(config) : TlsStores.ofThisProcess();
    }
}
