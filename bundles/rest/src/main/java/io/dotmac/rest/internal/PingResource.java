package io.dotmac.rest.internal;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;


import io.dotmac.platform.api.Access;

/**
 * {@code GET /api/v1/ping} answers {@code pong} as plain text without touching the database: a liveness probe
 * for load balancers, and the "bare resource" the benchmarks compare health against.
 */
@Path("v1/ping")
@Access(Access.Level.ANONYMOUS)
public class PingResource {

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String ping() {
        return "pong";
    }
}
