package io.dotmac.licensing.internal;

import java.util.List;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import io.dotmac.licensing.Licensing;
import io.dotmac.platform.api.Access;
import io.dotmac.rest.DotMacRest;

/** {@code GET /api/v1/plugins}: the plugin catalogue of this instance. */
@Component(service = PluginsResource.class)
@JaxrsResource
@JaxrsName("dotmac.plugins")
@JaxrsApplicationSelect(DotMacRest.APPLICATION_SELECT)
@Path("v1/plugins")
@Produces(MediaType.APPLICATION_JSON)
@Access(Access.Level.AUTHENTICATED)
public class PluginsResource {

    /** One catalogue entry. */
    public record PluginView(String id, String name, String tier, String version, String state) {
    }

    private final Licensing licensing;

    @Activate
    public PluginsResource(@Reference Licensing licensing) {
        this.licensing = licensing;
    }

    @GET
    public List<PluginView> list() {
        return licensing.catalogue().stream()
                .map(p -> new PluginView(p.id(), p.name(), p.tier().name(), p.version(), p.state()))
                .toList();
    }
}
