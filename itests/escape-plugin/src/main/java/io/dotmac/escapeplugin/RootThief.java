package io.dotmac.escapeplugin;

import javax.ws.rs.GET;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Component;

import io.dotmac.platform.api.PluginEndpoint;

/** Escape 6: claiming another plugin's root, {@code customers}. */
@Component(service = PluginEndpoint.class)
@PluginEndpoint.Root("customers")
public class RootThief implements PluginEndpoint {

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String list() {
        return "escaped";
    }
}
