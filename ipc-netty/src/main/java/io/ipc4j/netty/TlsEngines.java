package io.ipc4j.netty;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/** TLS 1.3 engines for ipc4j's TCP channels: both ends present a certificate their peer's trust store holds. */
final class TlsEngines {
    private TlsEngines() {
    }

    static SSLEngine engine(SSLContext context, boolean client) {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(client);
        SSLParameters p = engine.getSSLParameters();
        p.setProtocols(new String[] {"TLSv1.3"});
        if (!client) {
            p.setNeedClientAuth(true);
        }
        engine.setSSLParameters(p);
        return engine;
    }
}
