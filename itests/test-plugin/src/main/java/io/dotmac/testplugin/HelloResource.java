package io.dotmac.testplugin;

import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import io.dotmac.platform.api.Caller;

/** {@code GET /api/v1/test-plugin/hello}: the plugin's one endpoint, gated by licensing layer 1. */
@Component(service = HelloResource.class)
@JaxrsResource
@JaxrsName("dotmac.testplugin.hello")
@JaxrsApplicationSelect("(osgi.jaxrs.name=dotmac)")
@Path("v1/test-plugin")
public class HelloResource {

    @GET
    @Path("hello")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> hello(@Context SecurityContext security) {
        Caller caller = (Caller) security.getUserPrincipal();
        return Map.of("plugin", "test_plugin", "tenant", caller.requireTenant().slug());
    }
}
