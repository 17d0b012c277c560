package io.ipc4j.spi;

import io.ipc4j.Config;
import io.ipc4j.TlsConflictException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
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
 * unless their own settings say otherwise. A coordinator claims them while its context is
 * open, a child from its environment for good ({@link #claim}): every context of a process
 * on TCP or with TLS has the same stores, or none, while any is open.
 */
public final class TlsStores {
    private static volatile TlsStores ofThisProcess;
    private static final Object CLAIMS = new Object();
    /** How many contexts of this process (its own, or its parent's) use {@link #ofThisProcess} now. */
    private static int claims;
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);

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
     * @throws IllegalArgumentException naming the setting when TLS is on and a store or its password is missing or
     *                                  wrong, or the password file is open to others than its owner
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
            requireOwnerOnly(Path.of(passwordFile));
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
            throw new IllegalArgumentException("cannot set up TLS from " + Config.TCP_TLS_KEY_STORE + " (" + keyStore
                    + ")" + (trusted == null ? "" : " and " + Config.TCP_TLS_TRUST_STORE + " (" + trustStore + ")")
                    + " with the password of " + Config.TCP_TLS_KEY_STORE_PASSWORD_FILE + " (" + passwordFile
                    + "): " + e.getMessage(), e);
        }
    }

    /** As for the auth key file: a password others may read protects nothing. */
    private static void requireOwnerOnly(Path file) throws IOException {
        Set<PosixFilePermission> mode;
        try {
            mode = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException notPosix) {
            return;
        }
        if (!OWNER_ONLY.containsAll(mode)) {
            throw new IllegalArgumentException("the password file of " + Config.TCP_TLS_KEY_STORE_PASSWORD_FILE
                    + " (" + file + ") has mode " + PosixFilePermissions.toString(mode)
                    + "; others must not read it: chmod 600 " + file);
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

    /**
     * Records that a context of this process (one it opens, or its parent's) uses these stores
     * (null: TLS off) until {@link #release}. A context with TLS off whose channels are not on
     * TCP claims nothing: no TCP connection of it depends on this process's stores.
     *
     * @param tcp whether the context's channels (and so its managers') are on TCP
     * @return whether it claimed (then it must {@link #release} when closed)
     * @throws TlsConflictException when another context of this process is open with other settings
     */
    public static boolean claim(TlsStores stores, boolean tcp) {
        if (stores == null && !tcp) {
            return false;
        }
        synchronized (CLAIMS) {
            if (claims > 0 && !sameStores(ofThisProcess, stores)) {
                throw new TlsConflictException("a context of this JVM is open with " + Config.TCP_TLS + "="
                        + (ofThisProcess == null ? "off" : "on") + (ofThisProcess != null && stores != null
                        ? " and other stores (" + Config.TCP_TLS_KEY_STORE + ", " + Config.TCP_TLS_TRUST_STORE
                        + " or the password)" : "") + "; a JVM's contexts on TCP must agree on TLS while any is "
                        + "open (this one asks for " + Config.TCP_TLS + "=" + (stores == null ? "off" : "on") + ")");
            }
            if (claims++ == 0) {
                ofThisProcess = stores;
            }
            return true;
        }
    }

    /** A context that {@link #claim}ed its stores is closed. */
    public static void release() {
        synchronized (CLAIMS) {
            if (claims > 0 && --claims == 0) {
                ofThisProcess = null;
            }
        }
    }

    private static boolean sameStores(TlsStores a, TlsStores b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a == b || Arrays.equals(a.keyStore, b.keyStore) && Arrays.equals(a.trustStore, b.trustStore)
                && Arrays.equals(a.password, b.password);
    }
}
