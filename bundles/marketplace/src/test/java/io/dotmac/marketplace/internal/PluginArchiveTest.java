package io.dotmac.marketplace.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginArchiveTest {

    @TempDir
    static Path dir;
    static Path plugin;
    static Path library;

    @BeforeAll
    static void bundles() throws Exception {
        plugin = TestPki.pluginBundle(dir.resolve("plugin.jar"), "com.acme.plugin", "acme_plugin", "BASIC");
        library = TestPki.bundle(dir.resolve("lib.jar"), "com.acme.lib");
    }

    private static Path kar(String name, String features, Map<String, Path> bundles) throws Exception {
        return TestPki.kar(dir.resolve(name), features, bundles);
    }

    private static String refused(Path file) {
        return assertThrows(SignedJars.Refused.class, () -> PluginArchive.read(file)).getMessage();
    }

    @Test
    void aPluginBundleIsItsOwnOneMember() throws Exception {
        PluginArchive a = PluginArchive.read(plugin);
        assertEquals(PluginArchive.BUNDLE, a.kind());
        assertEquals(List.of(new PluginArchive.Member(PluginArchive.WHOLE, "com.acme.plugin", "1.2.0", "acme_plugin",
                "BASIC")), a.bundles());
        assertTrue(refused(library).startsWith("The bundle declares no plugin"));
    }

    @Test
    void aKarsOneFeatureListsThePluginAndTheLibrariesItBrings() throws Exception {
        Map<String, Path> bundles = new LinkedHashMap<>();
        bundles.put("mvn:com.acme/acme-lib/1.0.0", library);
        bundles.put("mvn:com.acme/acme-plugin/1.2.0", plugin);
        PluginArchive a = PluginArchive.read(kar("good.kar", TestPki.features("acme-plugin",
                "<details>Acme's plugin</details>", "<bundle>mvn:com.acme/acme-lib/1.0.0</bundle>",
                "<bundle start-level=\"80\">mvn:com.acme/acme-plugin/1.2.0</bundle>"), bundles));
        assertEquals(PluginArchive.KAR, a.kind());
        assertEquals("acme-plugin", a.feature());
        assertEquals(2, a.bundles().size());
        assertEquals("repository/com/acme/acme-lib/1.0.0/acme-lib-1.0.0.jar", a.bundles().get(0).entry());
        assertNull(a.bundles().get(0).pluginId());
        assertEquals("acme_plugin", a.plugin().pluginId());
        assertEquals("com.acme.plugin", a.plugin().symbolicName());
        assertTrue(FeatureInstaller.featuresXml("acme_plugin", "1.2.0", a).contains(
                "<bundle>marketplace:acme_plugin/1.2.0/repository/com/acme/acme-lib/1.0.0/acme-lib-1.0.0.jar</bundle>"));
    }

    @Test
    void aKarsFeatureHoldsItsOwnBundlesAndNothingElse() throws Exception {
        Map<String, Path> bundles = Map.of("mvn:com.acme/acme-plugin/1.2.0", plugin);
        String own = "<bundle>mvn:com.acme/acme-plugin/1.2.0</bundle>";
        assertTrue(refused(kar("dep.kar", TestPki.features("f", own, "<feature>http</feature>"), bundles))
                .contains("depends on feature 'http'"));
        assertTrue(refused(kar("cfg.kar", TestPki.features("f", own, "<config name=\"x\">a=b</config>"), bundles))
                .contains("has a <config>"));
        assertTrue(refused(kar("out.kar", TestPki.features("f", own, "<bundle>http://evil.test/x.jar</bundle>"),
                bundles)).contains("mvn: URLs of artifacts in the KAR's repository/"));
        assertTrue(refused(kar("missing.kar", TestPki.features("f", own,
                "<bundle>mvn:com.acme/absent/1.0</bundle>"), bundles)).contains("the KAR has no "
                        + "repository/com/acme/absent/1.0/absent-1.0.jar"));
        assertTrue(refused(kar("none.kar", TestPki.features("f", "<bundle>mvn:com.acme/acme-lib/1.0.0</bundle>"),
                Map.of("mvn:com.acme/acme-lib/1.0.0", library))).contains("exactly one bundle that declares a plugin"));
        assertTrue(refused(kar("dtd.kar", "<?xml version=\"1.0\"?><!DOCTYPE features [<!ENTITY x SYSTEM "
                + "\"file:///etc/passwd\">]><features><feature name=\"f\">&x;</feature></features>", bundles))
                .contains("not a readable features XML"));
    }

    @Test
    void anArchiveThatIsNeitherIsRefused() throws Exception {
        Path text = Files.writeString(dir.resolve("x.kar"), "not a zip");
        assertTrue(refused(text).startsWith("The file is not a readable jar or KAR"));
        Path stray = TestPki.rewrite(kar("stray.kar", TestPki.features("f",
                "<bundle>mvn:com.acme/acme-plugin/1.2.0</bundle>"), Map.of("mvn:com.acme/acme-plugin/1.2.0", plugin)),
                dir.resolve("stray2.kar"), "resources/etc/users.properties", "admin=admin");
        assertTrue(refused(stray).contains("KAR holding only repository/ ('resources/etc/users.properties')"));
    }

    @Test
    void mvnUrlsMapToMavensRepositoryLayout() {
        assertEquals("repository/org/acme/x/1.0/x-1.0.jar", PluginArchive.entryOf("mvn:org.acme/x/1.0"));
        assertEquals("repository/org/acme/x/1.0/x-1.0-lib.zip", PluginArchive.entryOf("mvn:org.acme/x/1.0/zip/lib"));
        assertNull(PluginArchive.entryOf("mvn:org.acme/../../etc/1.0"));
        assertNull(PluginArchive.entryOf("file:/etc/passwd"));
    }
}
