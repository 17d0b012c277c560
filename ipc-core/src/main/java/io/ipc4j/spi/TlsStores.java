package io.ipc4j.spi;

import io.ipc4j.Config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The certificates of {@code ipc4j.tcp.tls=on} as bytes: a PKCS12 key store (this end's
 * certificate and private key), the PKCS12 store of the certificates a peer may present,
 * and their password. Bytes rather than files, so that a coordinator can hand them to its
 * children, on its machine or on a node, in their environment as it hands them the auth key.
 *
 * <p>A process remembers the stores of the context it belongs to ({@link #ofThisProcess}):
 * its {@code Listener}s and {@code Client}s (a manager's channels among them) use them
 * unless their own settings say otherwise. A coordinator sets them while its context is
 * open (the last context opened with TLS wins), a child from its environment.
 */
public final class TlsStores {
    private static volatile TlsStores ofThisProcess;

    private final byte[] keyStore;
    private final byte[] trustStore;
    private final char[] password;
    private final SSLContext context;

    /**
     * @param trustStore null: the key store's own certificates are the ones trusted
     * @throws IllegalArgumentException if a store cannot be read with the password
     */
    public TlsStores(byte[] keyStore, byte[] trustStore, char[] password) {
        this.keyStore = Objects.requireNonNull(keyStore, "keyStore").clone();
        this.trustStore = trustStore == null ? this.keyStore : trustStore.clone();
        this.password = Objects.requireNonNull(password, "password").clone();
        this.context = makeContext();
    }

    private SSLContext makeContext() {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(keyStore, "key store"), password);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load(trustStore, "trust store"));
            SSLContext c = SSLContext.getInstance("TLSv1.3");
            c.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS from the key store: " + e.getMessage(), e);
        }
    }

    private KeyStore load(byte[] bytes, String what) throws GeneralSecurityException {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(new ByteArrayInputStream(bytes), password);
            return ks;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the " + what + " (PKCS12) with its password: "
                    + e.getMessage(), e);
        }
    }

    /**
     * The stores {@code config} names ({@code ipc4j.tcp.tls*}), read now.
     *
     * @return null when TLS is off
     * @throws IllegalArgumentException naming the setting when TLS is on and a store or its password is missing or wrong
     */
    public static TlsStores of(Config config) {
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
        char[] password;
        try {
            password = Files.readAllLines(Path.of(passwordFile), StandardCharsets.UTF_8).stream().findFirst()
                    .orElse("").toCharArray();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the password file of "
                    + Config.TCP_TLS_KEY_STORE_PASSWORD_FILE + " (" + passwordFile + "): " + e.getMessage(), e);
        }
        byte[] keys = read(keyStore, Config.TCP_TLS_KEY_STORE);
        byte[] trusted = trustStore.isEmpty() ? null : read(trustStore, Config.TCP_TLS_TRUST_STORE);
        try {
            return new TlsStores(keys, trusted, password);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot set up TLS from " + keyStore + (trusted == null ? ""
                    : " and " + trustStore) + ": " + e.getMessage(), e);
        }
    }

    private static String required(Config config, String key) {
        String v = config.get(key).trim();
        if (v.isEmpty()) {
            throw new IllegalArgumentException(Config.TCP_TLS + "=on needs " + key);
        }
        return v;
    }

    private static byte[] read(String file, String setting) {
        try {
            return Files.readAllBytes(Path.of(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the store of " + setting + " (" + file + "): "
                    + e.getMessage(), e);
        }
    }

    /** The TLS 1.3 context made of these stores. */
    public SSLContext context() {
        return context;
    }

    public byte[] keyStore() {
        return keyStore.clone();
    }

    public byte[] trustStore() {
        return trustStore.clone();
    }

    public char[] password() {
        return password.clone();
    }

    /** The stores of the context this process belongs to, or null when its channels travel in the clear. */
    public static TlsStores ofThisProcess() {
        return ofThisProcess;
    }

    /** Remembers the stores of the context this process belongs to (a coordinator's, or a child's parent's). */
    public static void setOfThisProcess(TlsStores stores) {
        ofThisProcess = stores;
    }
}
