package io.dotmac.licensing.internal;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
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
import io.dotmac.platform.api.Tier;
import io.dotmac.platform.api.ValidationException;
import io.dotmac.rest.DotMacRest;

/** {@code GET/PUT /api/v1/instance/license}: the instance licence, for platform operators. */
@Component(service = InstanceLicenseResource.class)
@JaxrsResource
@JaxrsName("dotmac.instance.license")
@JaxrsApplicationSelect(DotMacRest.APPLICATION_SELECT)
@Path("v1/instance/license")
@Produces(MediaType.APPLICATION_JSON)
@Access(Access.Level.PLATFORM)
public class InstanceLicenseResource {

    /** The body of both methods. */
    public record InstanceLicenseView(String tier) {
    }

    private final Licensing licensing;

    @Activate
    public InstanceLicenseResource(@Reference Licensing licensing) {
        this.licensing = licensing;
    }

    @GET
    public InstanceLicenseView get() {
        return new InstanceLicenseView(licensing.instanceTier().name());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public InstanceLicenseView put(InstanceLicenseView change) {
        Tier tier = Tier.parse(change == null ? null : change.tier()).orElseThrow(
                () -> new ValidationException("tier", "must be one of FREE, BASIC, PREMIUM, ENTERPRISE"));
        licensing.setInstanceTier(tier);
        return get();
    }
}
