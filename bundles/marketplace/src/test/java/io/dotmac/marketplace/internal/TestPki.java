package io.dotmac.marketplace.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A marketplace authority and developer keys made with the JDK's own keytool, and jars signed with its jarsigner, as
 * a developer would: the real formats, no library.
 */
public final class TestPki {

    static final String PASSWORD = "test-store-pass";
    final Path dir;

    public TestPki(Path dir) throws Exception {
        this.dir = dir;
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=DotMac Marketplace Test CA", "-ext", "bc:c=ca:true,pathlen:0", "-ext", "ku:c=keyCertSign,cRLSign",
                "-validity", "3650", "-keystore", store("ca").toString());
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", store("ca").toString(), "-file",
                authority().toString());
    }

    private static String tool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }

    private void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(tool("keytool")));
        command.addAll(List.of(args));
        command.addAll(List.of("-storepass", PASSWORD, "-storetype", "PKCS12", "-noprompt"));
        run(command);
    }

    public Path store(String alias) {
        return dir.resolve(alias + ".p12");
    }

    /** The authority's certificate (PEM): what an instance's trust store holds. */
    public Path authority() {
        return dir.resolve("ca.pem");
    }

    /** A developer key: certified by the authority for code signing, or self-signed ({@code certified} false). */
    public X509Certificate developer(String alias, boolean certified, boolean codeSigning) throws Exception {
        keytool("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=" + alias + ", O=Test Developer", "-validity", "365", "-keystore", store(alias).toString());
        Path cert = dir.resolve(alias + ".pem");
        if (!certified) {
            keytool("-exportcert", "-rfc", "-alias", alias, "-keystore", store(alias).toString(), "-file",
                    cert.toString());
            return read(cert);
        }
        Path csr = dir.resolve(alias + ".csr");
        keytool("-certreq", "-alias", alias, "-keystore", store(alias).toString(), "-file", csr.toString());
        List<String> gencert = new ArrayList<>(List.of("-gencert", "-alias", "ca", "-keystore",
                store("ca").toString(), "-infile", csr.toString(), "-outfile", cert.toString(), "-rfc", "-validity",
                "365", "-ext", "ku:c=digitalSignature"));
        if (codeSigning) {
            gencert.addAll(List.of("-ext", "eku=codeSigning"));
        }
        keytool(gencert.toArray(String[]::new));
        keytool("-importcert", "-alias", "ca", "-file", authority().toString(), "-keystore",
                store(alias).toString());
        keytool("-importcert", "-alias", alias, "-file", cert.toString(), "-keystore", store(alias).toString());
        return read(cert);
    }

    /** A CRL of the authority revoking {@code serial}. */
    public Path revoke(BigInteger serial) throws Exception {
        Path crl = dir.resolve("revoked.crl");
        keytool("-gencrl", "-alias", "ca", "-keystore", store("ca").toString(), "-id", serial.toString() + ":1",
                "-file", crl.toString());
        return crl;
    }

    /** Signs {@code jar} in place with the developer key {@code alias}. */
    public void sign(Path jar, String alias) throws Exception {
        run(List.of(tool("jarsigner"), "-keystore", store(alias).toString(), "-storepass", PASSWORD, "-storetype",
                "PKCS12", jar.toString(), alias));
    }

    public static X509Certificate read(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    /** A small bundle jar: a manifest naming it and two entries. */
    public static Path bundle(Path file, String symbolicName) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        m.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName);
        m.getMainAttributes().putValue("Bundle-Version", "1.0.0");
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, m)) {
            jar.putNextEntry(new JarEntry("com/acme/nps/Survey.class"));
            jar.write("not really a class, but bytes to sign".getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
            jar.putNextEntry(new JarEntry("OSGI-INF/survey.xml"));
            jar.write("<component/>".getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        return file;
    }

    /**
     * A plugin bundle jar: a manifest declaring plugin {@code plugin} at {@code tier}, as bnd writes it from
     * {@code @DotMacPlugin}.
     */
    public static Path pluginBundle(Path file, String symbolicName, String plugin, String tier) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        m.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName);
        m.getMainAttributes().putValue("Bundle-Version", "1.2.0");
        m.getMainAttributes().putValue("Provide-Capability", "io.dotmac.plugin;io.dotmac.plugin=" + plugin
                + ";tier=" + tier + ";name=\"A plugin\";version:Version=\"1.2.0\"");
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, m)) {
            jar.putNextEntry(new JarEntry("com/acme/plugin/Plugin.class"));
            jar.write("bytes".getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        return file;
    }

    /**
     * A KAR: {@code features} (the features repository's XML) at {@code repository/com/acme/features/1.0/}, and each
     * of {@code bundles} (by its {@code mvn:} URL) where Maven's layout puts it in {@code repository/}.
     */
    public static Path kar(Path file, String features, java.util.Map<String, Path> bundles) throws IOException {
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
            out.putNextEntry(new java.util.zip.ZipEntry("repository/com/acme/features/1.0/features-1.0-features.xml"));
            out.write(features.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            for (var b : bundles.entrySet()) {
                String[] gav = b.getKey().substring("mvn:".length()).split("/");
                out.putNextEntry(new java.util.zip.ZipEntry("repository/" + gav[0].replace('.', '/') + "/" + gav[1]
                        + "/" + gav[2] + "/" + gav[1] + "-" + gav[2] + ".jar"));
                out.write(Files.readAllBytes(b.getValue()));
                out.closeEntry();
            }
        }
        return file;
    }

    /** A features repository holding one feature {@code name} with {@code lines} (bundle and other elements). */
    public static String features(String name, String... lines) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<features name=\"" + name
                + "-repo\" xmlns=\"http://karaf.apache.org/xmlns/features/v1.6.0\">\n  <feature name=\"" + name
                + "\" version=\"1.0\">\n    " + String.join("\n    ", lines) + "\n  </feature>\n</features>\n";
    }

    /** A copy of {@code jar} with entry {@code name} replaced (or added) by {@code content}, signatures kept. */
    public static Path rewrite(Path jar, Path to, String name, String content) throws IOException {
        try (var in = new java.util.zip.ZipFile(jar.toFile());
                var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(to))) {
            boolean replaced = false;
            for (var e = in.entries(); e.hasMoreElements();) {
                var entry = e.nextElement();
                out.putNextEntry(new java.util.zip.ZipEntry(entry.getName()));
                if (entry.getName().equals(name)) {
                    out.write(content.getBytes(StandardCharsets.UTF_8));
                    replaced = true;
                } else {
                    in.getInputStream(entry).transferTo(out);
                }
                out.closeEntry();
            }
            if (!replaced) {
                out.putNextEntry(new java.util.zip.ZipEntry(name));
                out.write(content.getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return to;
    }
}
