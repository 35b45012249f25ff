package io.dotmac.licensing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import io.dotmac.platform.api.PortalPage;

class PortalResourceTest {

    private static PortalPage page(String id, String label, String module) {
        return new PortalPage() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String label() {
                return label;
            }

            @Override
            public String module() {
                return module;
            }
        };
    }

    private static PortalResource.Contribution of(PortalPage page) {
        return PortalResource.contribution("network_monitoring", new PortalResource.Registered(7, "io.dotmac.x", page));
    }

    @Test
    void aPageIsServedFromItsPluginsFolder() {
        assertEquals(new PortalResource.Contribution("devices", "network_monitoring", "Devices",
                "/portal/plugins/network_monitoring/pages/devices.js", 100),
                of(page("devices", " Devices ", "portal/pages/devices.js")));
    }

    @Test
    void aPageThatNamesItselfBadlyIsLeftOut() {
        assertNull(of(page("Devices!", "Devices", "portal/devices.js")));
        assertNull(of(page("devices", "", "portal/devices.js")));
        assertNull(of(page("devices", "Devices", "devices.js")));
        assertNull(of(page("devices", "Devices", "portal/../secret.js")));
        assertNull(of(page("devices", "Devices", "portal/devices.css")));
        assertNull(of(page(null, "Devices", "portal/devices.js")));
    }
}
