package io.dotmac.billing.basic.internal;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.dotmac.platform.api.Access;
import io.dotmac.platform.api.PluginEndpoint;
import io.dotmac.rest.Callers;

/** {@code /api/v1/billing/seller}: what the tenant's invoices say about the seller. */
@Component(service = PluginEndpoint.class)
@PluginEndpoint.Root("billing/seller")
@Produces(MediaType.APPLICATION_JSON)
public class SellerResource implements PluginEndpoint {

    private final Sellers sellers;

    @Activate
    public SellerResource(@Reference Sellers sellers) {
        this.sellers = sellers;
    }

    @GET
    public Sellers.Seller get(@Context SecurityContext security) {
        return sellers.get(Callers.tenant(security));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(Access.Level.TENANT_ADMIN)
    public Sellers.Seller put(Sellers.Seller change, @Context SecurityContext security) {
        return sellers.put(Callers.tenant(security), change);
    }
}
