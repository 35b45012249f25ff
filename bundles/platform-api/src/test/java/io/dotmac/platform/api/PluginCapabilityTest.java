package io.dotmac.platform.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;

import aQute.bnd.header.Attrs;
import aQute.bnd.header.OSGiHeader;
import aQute.bnd.header.Parameters;
import aQute.bnd.osgi.Builder;
import aQute.bnd.osgi.Constants;
import aQute.bnd.osgi.Jar;

/** Builds a small plugin bundle with bnd and checks the capability that {@link DotMacPlugin} makes it declare. */
class PluginCapabilityTest {

    private static Manifest buildPluginBundle(String bundleVersion) throws Exception {
        try (Builder builder = new Builder()) {
            builder.addClasspath(new File("target/test-classes"));
            builder.addClasspath(new File("target/classes"));
            builder.setProperty(Constants.BUNDLE_SYMBOLICNAME, "test.plugin");
            builder.setProperty(Constants.BUNDLE_VERSION, bundleVersion);
            builder.setProperty(Constants.PRIVATEPACKAGE, "io.dotmac.platform.api.testplugin");
            Jar jar = builder.build();
            assertTrue(builder.getErrors().isEmpty(), () -> "bnd errors: " + builder.getErrors());
            return jar.getManifest();
        }
    }

    @Test
    void annotationMakesBndWriteThePluginCapability() throws Exception {
        Manifest manifest = buildPluginBundle("1.2.3.SNAPSHOT");
        String header = manifest.getMainAttributes().getValue(Constants.PROVIDE_CAPABILITY);
        assertNotNull(header, "no Provide-Capability header");

        Parameters capabilities = OSGiHeader.parseHeader(header);
        List<Map.Entry<String, Attrs>> plugins = capabilities.entrySet().stream()
                .filter(e -> e.getKey().replaceAll("~+$", "").equals(DotMacPlugin.NAMESPACE))
                .toList();
        assertEquals(1, plugins.size(), () -> "expected one plugin capability in: " + header);
        Attrs attrs = plugins.get(0).getValue();
        assertEquals("automated_billing", attrs.get("io.dotmac.plugin"));
        assertEquals("BASIC", attrs.get("tier"));
        assertEquals("Automated billing", attrs.get("name"));
        assertEquals("1.2.3", attrs.get("version"));
        assertEquals(Attrs.Type.VERSION, attrs.getType("version"));
    }

    @Test
    void capabilityNameWithSpacesIsQuotedInTheRawHeader() throws Exception {
        String header = buildPluginBundle("2.0.0").getMainAttributes().getValue(Constants.PROVIDE_CAPABILITY);
        assertTrue(header.contains("name=\"Automated billing\""), header);
        assertTrue(header.contains("version:Version=\"1.2.3\""), header);
    }
}
