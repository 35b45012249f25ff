package io.dotmac.management.karaf.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildEtcTest {

    private static Properties props(URL file) throws Exception {
        Properties p = new Properties();
        p.load(new StringReader(new String(file.openStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1)));
        return p;
    }

    @Test
    void theChildGetsThisInstancesFilesWithItsOwnPortsDatabaseAndOperatorAndNoneOfItsKeys(@TempDir Path root,
            @TempDir Path staging) throws Exception {
        Path etc = Files.createDirectories(root.resolve("etc"));
        Files.createDirectories(etc.resolve("scripts"));
        Files.writeString(etc.resolve("scripts/shell.completion.script"), "# completion\n");
        Files.writeString(etc.resolve("org.apache.karaf.features.cfg"), "featuresBoot = dotmac-platform\n");
        Files.writeString(etc.resolve("io.dotmac.tenant.cfg"), "x = 1\n");
        Files.writeString(etc.resolve("system.properties"), "karaf.name = root\n");
        Files.writeString(etc.resolve("keys.properties"), "karaf = AAAA,_g_:admingroup\n");
        Files.writeString(etc.resolve("io.dotmac.management.cfg"), "regions = local\n");
        for (String secret : List.of("dotmac-token.key", "host.key", "client.key", "client.key.pub", "admin.password")) {
            Files.writeString(etc.resolve(secret), "secret\n");
        }
        Files.writeString(etc.resolve(ChildEtc.DATASOURCE), "# the data source\ndataSourceName = dotmac\n"
                + "osgi.jdbc.driver.class = org.postgresql.Driver\nurl = jdbc:postgresql://127.0.0.1/root\n"
                + "user = root_app\npassword = root-secret\n");
        Files.writeString(etc.resolve(ChildEtc.PERSISTENCE), "migrationUser = root_owner\nmigrationPassword = o\n");
        Files.writeString(etc.resolve(ChildEtc.WEB), "org.osgi.service.http.port = 8181\n"
                + "org.ops4j.pax.web.listening.addresses = 127.0.0.1\n");
        Files.writeString(etc.resolve(ChildEtc.SHELL), "sshPort = 8101\nsshHost = 127.0.0.1\nsftpEnabled = false\n");

        Map<String, URL> r = ChildEtc.resources(etc, staging, new ChildEtc.Settings("127.0.0.1", 8203,
                ChildEtc.Database.H2, "operator-pw-123"));

        assertEquals(Set.of("etc/scripts/shell.completion.script", "etc/org.apache.karaf.features.cfg",
                "etc/io.dotmac.tenant.cfg", "etc/" + ChildEtc.DATASOURCE, "etc/" + ChildEtc.PERSISTENCE,
                "etc/" + ChildEtc.WEB, "etc/" + ChildEtc.SHELL, "etc/admin.password"), r.keySet());
        Properties ds = props(r.get("etc/" + ChildEtc.DATASOURCE));
        assertEquals("org.h2.Driver", ds.getProperty("osgi.jdbc.driver.class"));
        assertEquals("jdbc:h2:file:${karaf.data}/db/dotmac;DB_CLOSE_ON_EXIT=FALSE", ds.getProperty("url"));
        assertEquals("sa", ds.getProperty("user"));
        assertEquals("", ds.getProperty("password"));
        assertEquals("dotmac", ds.getProperty("dataSourceName"), "the other settings are kept");
        assertTrue(Files.readString(Path.of(r.get("etc/" + ChildEtc.DATASOURCE).toURI())).startsWith("# the data source"));
        Properties persistence = props(r.get("etc/" + ChildEtc.PERSISTENCE));
        assertEquals("", persistence.getProperty("migrationUser"));
        assertEquals("", persistence.getProperty("systemUser"), "added when missing");
        assertEquals("8203", props(r.get("etc/" + ChildEtc.WEB)).getProperty("org.osgi.service.http.port"));
        Properties shell = props(r.get("etc/" + ChildEtc.SHELL));
        assertEquals("${SUBST-SSH-PORT}", shell.getProperty("sshPort"), "Karaf fills in the port it was given");
        assertEquals("false", shell.getProperty("sftpEnabled"));
        assertEquals("operator-pw-123\n", Files.readString(Path.of(r.get("etc/admin.password").toURI())));
        assertEquals(etc.resolve("io.dotmac.tenant.cfg").toUri().toURL(), r.get("etc/io.dotmac.tenant.cfg"),
                "unchanged files are this instance's own");

        // Karaf writes its own files; the rest is copied into the made child
        assertEquals(Set.of("etc/scripts/shell.completion.script", "etc/org.apache.karaf.features.cfg",
                "etc/" + ChildEtc.SHELL), ChildEtc.forKaraf(r).keySet());
        Path child = Files.createDirectories(root.resolve("instances/isp-a/etc")).getParent();
        Files.writeString(child.resolve("etc/" + ChildEtc.WEB), "from Karaf's template\n");
        ChildEtc.copyRest(r, child);
        assertEquals("8203", props(child.resolve("etc/" + ChildEtc.WEB).toUri().toURL())
                .getProperty("org.osgi.service.http.port"));
        assertEquals("x = 1\n", Files.readString(child.resolve("etc/io.dotmac.tenant.cfg")));
        assertFalse(Files.exists(child.resolve("etc/org.apache.karaf.features.cfg")), "Karaf's to write");
    }

    @Test
    void onPostgresqlTheChildConnectsAsItsOwnRoles(@TempDir Path etc, @TempDir Path staging) throws Exception {
        ChildEtc.Database db = new ChildEtc.Database("org.postgresql.Driver",
                "jdbc:postgresql://127.0.0.1:5432/dotmac_isp_a", "dotmac_isp_a_app", "a\\pp", "dotmac_isp_a_owner", "o",
                "dotmac_isp_a_system", "s");
        Map<String, URL> r = ChildEtc.resources(etc, staging, new ChildEtc.Settings("127.0.0.1", 8200, db, "pw"));
        Properties ds = props(r.get("etc/" + ChildEtc.DATASOURCE));
        assertEquals("jdbc:postgresql://127.0.0.1:5432/dotmac_isp_a", ds.getProperty("url"));
        assertEquals("a\\pp", ds.getProperty("password"), "escaped for the properties format");
        Properties persistence = props(r.get("etc/" + ChildEtc.PERSISTENCE));
        assertEquals("dotmac_isp_a_owner", persistence.getProperty("migrationUser"));
        assertEquals("dotmac_isp_a_system", persistence.getProperty("systemUser"));
    }

    @Test
    void whatIsCopied() {
        assertTrue(ChildEtc.copied("config.properties"));
        assertTrue(ChildEtc.copied("scripts/shell.completion.script"));
        assertFalse(ChildEtc.copied("dotmac-management.key"));
        assertFalse(ChildEtc.copied("client.key.pub"));
        assertFalse(ChildEtc.copied("admin.password"));
        assertFalse(ChildEtc.copied("system.properties"));
        assertFalse(ChildEtc.copied("io.dotmac.management.cfg"));
    }

    @Test
    void aValueCannotSpanLines() {
        assertThrows(RuntimeException.class, () -> ChildEtc.withValues("a = 1\n", Map.of("a", "x\nb = 2")));
    }

    @Test
    void portsAreTheRangesFreeOnesNoChildHas() {
        assertEquals(List.of(8201, 8203, 8204, 8206), Ports.pick(8200, 8210, Set.of(8200, 8202),
                p -> p != 8205));
        assertThrows(IllegalStateException.class, () -> Ports.pick(8200, 8204, Set.of(8200, 8202), p -> true));
    }
}
