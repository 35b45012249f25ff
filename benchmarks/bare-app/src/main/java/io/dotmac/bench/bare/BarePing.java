package io.dotmac.bench.bare;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

/** {@code GET /bare/v1/ping}: the same resource as DotMac's {@code /api/v1/ping}, without its extensions. */
@Path("v1/ping")
public class BarePing {

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String ping() {
        return "pong";
    }
}
