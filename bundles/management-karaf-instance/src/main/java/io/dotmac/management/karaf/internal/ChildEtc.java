package io.dotmac.management.karaf.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code etc/} of a child instance, as text resources for Karaf's {@code InstanceService}: this instance's own
 * files (so the child runs the same distribution: its feature repositories and boot features, its DotMac settings),
 * except what belongs to one instance only, and the files that differ per child written with the child's values
 * (its HTTP, SSH and RMI ports, its database, its first operator's password).
 *
 * <p>Left to Karaf's templates: {@code system.properties} (the child's name), {@code keys.properties} (this
 * instance's operator key is not trusted there). Never copied: keys and passwords of this instance
 * ({@code *.key}, {@code *.key.pub}, {@code *.password}), and the management platform's own settings (a child
 * is an ISP's instance, not a control plane).
 */
final class ChildEtc {

    static final String DATASOURCE = "org.ops4j.datasource-dotmac.cfg";
    static final String PERSISTENCE = "io.dotmac.persistence.cfg";
    static final String WEB = "org.ops4j.pax.web.cfg";
    static final String SHELL = "org.apache.karaf.shell.cfg";
    static final String ADMIN_PASSWORD = "admin.password";

    private static final Set<String> LEFT_TO_KARAF = Set.of("system.properties", "keys.properties",
            "org.apache.karaf.management.cfg", "io.dotmac.management.cfg");

    /** The child's database: H2 in its own data folder, or a PostgreSQL database with its three roles. */
    record Database(String driver, String url, String user, String password, String migrationUser,
            String migrationPassword, String systemUser, String systemPassword) {

        static final Database H2 = new Database("org.h2.Driver",
                "jdbc:h2:file:${karaf.data}/db/dotmac;DB_CLOSE_ON_EXIT=FALSE", "sa", "", "", "", "", "");

        @Override
        public String toString() {
            return "Database[" + driver + " " + url + " as " + user + "]";
        }
    }

    /** A child's own values. */
    record Settings(String host, int httpPort, Database database, String operatorPassword) {
        @Override
        public String toString() {
            return "Settings[" + host + ":" + httpPort + ", " + database + "]";
        }
    }

    /**
     * The files Karaf's {@code InstanceService} writes itself (from its templates, or from the text resources it is
     * given): only these may be given as text resources (Karaf 4.4 fails with a ConcurrentModificationException on
     * more than one other), the rest is copied into the child's folder once it is made.
     */
    static final Set<String> KARAF_FILES = Set.of("etc/all.policy", "etc/config.properties", "etc/custom.properties",
            "etc/distribution.info", "etc/equinox-debug.properties", "etc/java.util.logging.properties",
            "etc/jmx.acl.cfg", "etc/jmx.acl.java.lang.Memory.cfg", "etc/jmx.acl.org.apache.karaf.bundle.cfg",
            "etc/jmx.acl.org.apache.karaf.config.cfg", "etc/jmx.acl.org.apache.karaf.security.jmx.cfg",
            "etc/jmx.acl.osgi.compendium.cm.cfg", "etc/jre.properties", "etc/keys.properties",
            "etc/org.apache.felix.eventadmin.impl.EventAdmin.cfg", "etc/org.apache.felix.fileinstall-deploy.cfg",
            "etc/org.apache.karaf.command.acl.bundle.cfg", "etc/org.apache.karaf.command.acl.config.cfg",
            "etc/org.apache.karaf.command.acl.feature.cfg", "etc/org.apache.karaf.command.acl.jaas.cfg",
            "etc/org.apache.karaf.command.acl.kar.cfg", "etc/org.apache.karaf.command.acl.scope_bundle.cfg",
            "etc/org.apache.karaf.command.acl.shell.cfg", "etc/org.apache.karaf.command.acl.system.cfg",
            "etc/org.apache.karaf.features.repos.cfg", "etc/org.apache.karaf.jaas.cfg", "etc/org.apache.karaf.kar.cfg",
            "etc/org.apache.karaf.log.cfg", "etc/org.ops4j.pax.logging.cfg", "etc/org.ops4j.pax.url.mvn.cfg",
            "etc/shell.init.script", "etc/users.properties", "etc/scripts/shell.completion.script",
            "etc/org.apache.karaf.features.cfg", "etc/system.properties", "etc/org.apache.karaf.shell.cfg",
            "etc/org.apache.karaf.management.cfg");

    private ChildEtc() {
    }

    /** The resources Karaf writes itself ({@link #KARAF_FILES}): for {@code InstanceSettings}. */
    static Map<String, URL> forKaraf(Map<String, URL> resources) {
        Map<String, URL> out = new LinkedHashMap<>(resources);
        out.keySet().retainAll(KARAF_FILES);
        return out;
    }

    /** Copies the other resources into the made child's folder (replacing what is there). */
    static void copyRest(Map<String, URL> resources, Path childBase) throws IOException {
        for (Map.Entry<String, URL> e : resources.entrySet()) {
            if (KARAF_FILES.contains(e.getKey())) {
                continue;
            }
            Path target = childBase.resolve(e.getKey()).normalize();
            if (!target.startsWith(childBase.resolve("etc"))) {
                throw new IOException("not under etc/: " + e.getKey());
            }
            Files.createDirectories(target.getParent());
            try (var in = e.getValue().openStream()) {
                Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /**
     * Writes the child's files that differ from {@code rootEtc}'s into {@code staging} and answers every resource
     * ({@code etc/...} to the file to copy), ready for {@code InstanceSettings}.
     */
    static Map<String, URL> resources(Path rootEtc, Path staging, Settings child) throws IOException {
        Map<String, URL> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(rootEtc)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                String relative = rootEtc.relativize(file).toString().replace('\\', '/');
                if (copied(relative)) {
                    out.put("etc/" + relative, file.toUri().toURL());
                }
            }
        }
        Database db = child.database();
        write(out, staging, DATASOURCE, withValues(read(rootEtc, DATASOURCE), values(
                "osgi.jdbc.driver.class", db.driver(), "url", db.url(), "user", db.user(), "password", db.password())));
        write(out, staging, PERSISTENCE, withValues(read(rootEtc, PERSISTENCE), values(
                "migrationUser", db.migrationUser(), "migrationPassword", db.migrationPassword(),
                "systemUser", db.systemUser(), "systemPassword", db.systemPassword())));
        write(out, staging, WEB, withValues(read(rootEtc, WEB), values("org.osgi.service.http.port",
                String.valueOf(child.httpPort()), "org.ops4j.pax.web.listening.addresses", child.host())));
        // Karaf fills in the SSH port it was given (and reads it back to tell whether the child runs)
        write(out, staging, SHELL, withValues(read(rootEtc, SHELL), values("sshPort", "${SUBST-SSH-PORT}",
                "sshHost", child.host())));
        write(out, staging, ADMIN_PASSWORD, child.operatorPassword() + "\n");
        return out;
    }

    static boolean copied(String relative) {
        String name = relative.substring(relative.lastIndexOf('/') + 1);
        return !LEFT_TO_KARAF.contains(relative) && !name.endsWith(".key") && !name.endsWith(".key.pub")
                && !name.endsWith(".password") && !name.endsWith(".bak") && !name.startsWith(".");
    }

    private static String read(Path etc, String name) throws IOException {
        Path file = etc.resolve(name);
        return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
    }

    private static void write(Map<String, URL> out, Path staging, String name, String text) throws IOException {
        Path file = staging.resolve(name);
        Files.createDirectories(staging);
        Files.writeString(file, text, StandardCharsets.ISO_8859_1);
        out.put("etc/" + name, file.toUri().toURL());
    }

    private static Map<String, String> values(String... keysAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    /**
     * {@code text} (a {@code .cfg} file) with each key's line set to its value, the comments and other lines kept;
     * keys it does not have are added at the end.
     */
    static String withValues(String text, Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        Map<String, String> missing = new LinkedHashMap<>(values);
        for (String line : text.split("\n", -1)) {
            Matcher m = KEY.matcher(line);
            if (m.find() && values.containsKey(m.group(1))) {
                out.append(m.group(1)).append(" = ").append(escape(values.get(m.group(1))));
                missing.remove(m.group(1));
            } else {
                out.append(line);
            }
            out.append('\n');
        }
        String result = out.substring(0, out.length() - 1);
        StringBuilder tail = new StringBuilder(result.isEmpty() || result.endsWith("\n") ? "" : "\n");
        missing.forEach((k, v) -> tail.append(k).append(" = ").append(escape(v)).append('\n'));
        return result + tail;
    }

    private static final Pattern KEY = Pattern.compile("^\\s*([A-Za-z0-9._-]+)\\s*[=:]");

    /** A value as the properties format reads it back (a backslash escapes; a value never spans lines here). */
    private static String escape(String value) {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new UncheckedIOException(new IOException("a setting's value may not span lines"));
        }
        return value.replace("\\", "\\\\");
    }
}
