package dev.commtck.tck.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Which servers the kit trusts over TLS: the JDK's trust store (the default), the certificates of a PEM file (a
 * private CA, or a self-signed server certificate), or — said loudly wherever the run is described — any server at
 * all, its certificate and name unchecked.
 *
 * @param context     the TLS context every connection of the kit uses
 * @param insecure    certificates and host names are not verified
 * @param description one phrase for the run's header and the report's environment
 */
public record TlsTrust(SSLContext context, boolean insecure, String description) {

    /** Thrown for a trust setting that cannot be used: the runner prints it in one line and exits 2. */
    public static final class Invalid extends IllegalArgumentException {
        Invalid(String message) {
            super(message);
        }
    }

    public static TlsTrust system() {
        try {
            return new TlsTrust(SSLContext.getDefault(), false, "the JDK's trust store");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no default TLS context", e);
        }
    }

    /** Trusts the certificates in a PEM file (one or several {@code BEGIN CERTIFICATE} blocks), and nothing else. */
    public static TlsTrust caCertificates(Path pem) {
        Collection<? extends Certificate> certs;
        try (InputStream in = Files.newInputStream(pem)) {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException e) {
            throw new Invalid("cannot read the CA certificate file " + pem + ": " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new Invalid("the CA certificate file " + pem + " holds no PEM certificate: " + e.getMessage());
        }
        if (certs.isEmpty()) {
            throw new Invalid("the CA certificate file " + pem + " holds no PEM certificate");
        }
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                store.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            return new TlsTrust(context(tmf.getTrustManagers()), false, "the certificates in " + pem);
        } catch (GeneralSecurityException | IOException e) {
            throw new Invalid("cannot use the certificates in " + pem + ": " + e.getMessage());
        }
    }

    /** Trusts every server: no certificate or host name is checked ({@code --insecure}). */
    public static TlsTrust unverified() {
        return new TlsTrust(context(new TrustManager[] {new TrustingEveryone()}), true,
                "NONE: TLS certificates and host names are not verified (--insecure)");
    }

    private static SSLContext context(TrustManager[] trust) {
        try {
            SSLContext c = SSLContext.getInstance("TLS");
            c.init(null, trust, null);
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make a TLS context", e);
        }
    }

    /**
     * Accepts any chain. An extended trust manager, because the JSSE checks the host name inside the trust manager it
     * is given: one that checks nothing leaves the name unchecked too, for the JDK's HTTP client as for raw sockets.
     */
    private static final class TrustingEveryone extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
