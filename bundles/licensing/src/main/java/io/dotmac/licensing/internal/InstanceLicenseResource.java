package io.dotmac.licensing.internal;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
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
import io.dotmac.platform.api.Tier;
import io.dotmac.platform.api.ValidationException;
import io.dotmac.rest.core.ApiMember;

/** {@code GET/PUT /api/v1/instance/license}: the instance licence, for platform operators. */
@Component(service = ApiMember.class, property = ApiMember.MEMBER_PROPERTY + "=" + ApiMember.INSTANCE_LICENSE)
@Path("v1/instance/license")
@Produces(MediaType.APPLICATION_JSON)
@Access(Access.Level.PLATFORM)
public class InstanceLicenseResource implements ApiMember {

    /** The body of both methods. */
    public record InstanceLicenseView(String tier) {
    }

    // optional: the application is served without the database, and this resource then answers 503
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Licensing licensing;

    private Licensing licensing() {
        return Available.licensing(licensing);
    }

    @GET
    public InstanceLicenseView get() {
        return new InstanceLicenseView(licensing().instanceTier().name());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public InstanceLicenseView put(InstanceLicenseView change) {
        Tier tier = Tier.parse(change == null ? null : change.tier()).orElseThrow(
                () -> new ValidationException("tier", "must be one of FREE, BASIC, PREMIUM, ENTERPRISE"));
        licensing().setInstanceTier(tier);
        return get();
    }
}
