package io.dotmac.testplugin;

import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Component;

import io.dotmac.platform.api.Caller;
import io.dotmac.platform.api.PluginEndpoint;

/** {@code GET /api/v1/test-plugin/hello}: the plugin's one endpoint, reached through the licensing dispatcher. */
@Component(service = PluginEndpoint.class)
@PluginEndpoint.Root("test-plugin")
public class HelloResource implements PluginEndpoint {

    @GET
    @Path("hello")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> hello(@Context SecurityContext security) {
        Caller caller = (Caller) security.getUserPrincipal();
        return Map.of("plugin", "test_plugin", "tenant", caller.requireTenant().slug());
    }
}
