package ${package}.internal;

import org.osgi.service.component.annotations.Component;

import io.dotmac.platform.api.PortalPage;

/** The plugin's page in the ISP portal ({@code portal/page.js} in this bundle). */
@Component(service = PortalPage.class)
public class NotesPortalPage implements PortalPage {

    @Override
    public String id() {
        return "${root}";
    }

    @Override
    public String label() {
        return "${pluginName}";
    }

    @Override
    public String module() {
        return "portal/page.js";
    }
}
