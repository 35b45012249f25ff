package io.dotmac.licensing.internal;

import java.util.List;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.dotmac.licensing.Licensing;
import io.dotmac.platform.api.Access;
import io.dotmac.rest.core.ApiMember;

/** {@code GET /api/v1/plugins}: the plugin catalogue of this instance. */
@Component(service = ApiMember.class, property = ApiMember.MEMBER_PROPERTY + "=" + ApiMember.PLUGINS)
@Path("v1/plugins")
@Produces(MediaType.APPLICATION_JSON)
@Access(Access.Level.AUTHENTICATED)
public class PluginsResource implements ApiMember {

    /** One catalogue entry. */
    public record PluginView(String id, String name, String tier, String version, String state) {
    }

    // optional: the application is served without the database, and this resource then answers 503
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Licensing licensing;

    private Licensing licensing() {
        return Available.licensing(licensing);
    }

    @GET
    public List<PluginView> list() {
        return licensing().catalogue().stream()
                .map(p -> new PluginView(p.id(), p.name(), p.tier().name(), p.version(), p.state()))
                .toList();
    }
}
