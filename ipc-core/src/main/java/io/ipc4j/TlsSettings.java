package io.ipc4j;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The TLS context of {@link Config#TCP_TLS}: certificates from a PKCS12 key store, peers checked against a trust store. */
final class TlsSettings {
    private TlsSettings() {
    }

    /**
     * @return null when TLS is off
     * @throws IllegalArgumentException naming the setting when TLS is on and a store or its password is missing or wrong
     */
    static SSLContext context(Config config) {
        String mode = config.get(Config.TCP_TLS).trim();
        if (mode.equals("off") || mode.isEmpty()) {
            return null;
        }
        if (!mode.equals("on")) {
            throw new IllegalArgumentException(Config.TCP_TLS + " must be on or off, not " + mode);
        }
        String keyStore = required(config, Config.TCP_TLS_KEY_STORE);
        String passwordFile = required(config, Config.TCP_TLS_KEY_STORE_PASSWORD_FILE);
        String trustStore = config.get(Config.TCP_TLS_TRUST_STORE).trim();
        try {
            String first = Files.readAllLines(Path.of(passwordFile), StandardCharsets.UTF_8).stream().findFirst()
                    .orElse("");
            char[] password = first.toCharArray();
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(keyStore, password, Config.TCP_TLS_KEY_STORE), password);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore.isEmpty() ? load(keyStore, password, Config.TCP_TLS_KEY_STORE)
                    : load(trustStore, password, Config.TCP_TLS_TRUST_STORE));
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the password file of " + Config.TCP_TLS_KEY_STORE_PASSWORD_FILE
                    + " (" + passwordFile + "): " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS from " + keyStore + ": " + e.getMessage(), e);
        }
    }

    private static String required(Config config, String key) {
        String v = config.get(key).trim();
        if (v.isEmpty()) {
            throw new IllegalArgumentException(Config.TCP_TLS + "=on needs " + key);
        }
        return v;
    }

    private static KeyStore load(String file, char[] password, String setting) throws GeneralSecurityException {
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            return ks;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the store of " + setting + " (" + file + "): "
                    + e.getMessage(), e);
        }
    }
}
