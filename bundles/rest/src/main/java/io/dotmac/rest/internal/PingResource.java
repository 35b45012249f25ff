package io.dotmac.rest.internal;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import io.dotmac.platform.api.Access;
import io.dotmac.rest.DotMacRest;

/**
 * {@code GET /api/v1/ping} answers {@code pong} as plain text without touching the database: a liveness probe
 * for load balancers, and the "bare resource" the benchmarks compare health against.
 */
@Component(service = PingResource.class)
@JaxrsResource
@JaxrsName("dotmac.ping")
@JaxrsApplicationSelect(DotMacRest.APPLICATION_SELECT)
@Path("v1/ping")
@Access(Access.Level.ANONYMOUS)
public class PingResource {

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String ping() {
        return "pong";
    }
}
