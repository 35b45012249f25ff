package io.dotmac.network.monitoring.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriInfo;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.dotmac.network.monitoring.Device;
import io.dotmac.network.monitoring.DeviceInput;
import io.dotmac.network.monitoring.DeviceStatus;
import io.dotmac.network.monitoring.DeviceSummary;
import io.dotmac.network.monitoring.Discovery;
import io.dotmac.network.monitoring.DiscoveryRequest;
import io.dotmac.network.monitoring.InterfaceHistory;
import io.dotmac.network.monitoring.NetworkMonitoring;
import io.dotmac.network.monitoring.Outage;
import io.dotmac.platform.api.Access;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.PluginEndpoint;
import io.dotmac.platform.api.ValidationException;
import io.dotmac.rest.Callers;

/** {@code /api/v1/network}: the current tenant's devices, their status and history, and discovery. */
@Component(service = PluginEndpoint.class)
@PluginEndpoint.Root("network")
@Produces(MediaType.APPLICATION_JSON)
public class NetworkResource implements PluginEndpoint {

    private final NetworkMonitoring network;

    @Activate
    public NetworkResource(@Reference NetworkMonitoring network) {
        this.network = network;
    }

    @GET
    @Path("devices")
    public Page<Device> list(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor,
            @QueryParam("site") String site, @QueryParam("tag") String tag, @Context SecurityContext security) {
        return network.list(Callers.tenant(security), site, tag, Page.limit(limit), cursor);
    }

    /** {@code GET /network/summary}: how many devices the tenant monitors, and how many are UP, DOWN, UNKNOWN. */
    @GET
    @Path("summary")
    public DeviceSummary summary(@Context SecurityContext security) {
        return network.summary(Callers.tenant(security));
    }

    @POST
    @Path("devices")
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(Access.Level.TENANT_ADMIN)
    public Response create(DeviceInput input, @Context SecurityContext security, @Context UriInfo uri) {
        Device d = network.create(Callers.tenant(security), input);
        return Response.created(uri.getAbsolutePathBuilder().path(d.id()).build()).entity(d).build();
    }

    @GET
    @Path("devices/{id}")
    public Device get(@PathParam("id") String id, @Context SecurityContext security) {
        return network.get(Callers.tenant(security), id);
    }

    @PUT
    @Path("devices/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(Access.Level.TENANT_ADMIN)
    public Device update(@PathParam("id") String id, DeviceInput input, @Context SecurityContext security) {
        return network.update(Callers.tenant(security), id, input);
    }

    @DELETE
    @Path("devices/{id}")
    @Access(Access.Level.TENANT_ADMIN)
    public Response delete(@PathParam("id") String id, @Context SecurityContext security) {
        network.delete(Callers.tenant(security), id);
        return Response.noContent().build();
    }

    @GET
    @Path("devices/{id}/status")
    public DeviceStatus status(@PathParam("id") String id, @Context SecurityContext security) {
        return network.status(Callers.tenant(security), id);
    }

    @POST
    @Path("devices/{id}/poll")
    @Access(Access.Level.TENANT_WRITE)
    public DeviceStatus poll(@PathParam("id") String id, @Context SecurityContext security) {
        return network.pollNow(Callers.tenant(security), id);
    }

    @GET
    @Path("devices/{id}/interfaces/{ifIndex}/history")
    public InterfaceHistory history(@PathParam("id") String id, @PathParam("ifIndex") String ifIndex,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("step") String step,
            @Context SecurityContext security) {
        int index;
        try {
            index = Integer.parseInt(ifIndex);
        } catch (NumberFormatException e) {
            throw new ValidationException("ifIndex", "must be a whole number");
        }
        return network.history(Callers.tenant(security), id, index, instant(from, "from"), instant(to, "to"),
                step(step));
    }

    /**
     * The device's outages (the device's own, {@code ifIndex} 0, and its interfaces') overlapping
     * {@code [from, to)}: by default the last 30 days.
     */
    @GET
    @Path("devices/{id}/outages")
    public java.util.List<Outage> outages(@PathParam("id") String id, @QueryParam("from") String from,
            @QueryParam("to") String to, @Context SecurityContext security) {
        Instant end = instant(to, "to");
        end = end != null ? end : Instant.now();
        Instant start = instant(from, "from");
        return network.outages(Callers.tenant(security), id, start != null ? start
                : end.minus(java.time.Duration.ofDays(30)), end);
    }

    @POST
    @Path("discovery")
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(Access.Level.TENANT_ADMIN)
    public Discovery discover(DiscoveryRequest request, @Context SecurityContext security) {
        return network.discover(Callers.tenant(security), request);
    }

    private static Instant instant(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ValidationException(field, "must be an instant as 2026-11-30T12:00:00Z");
        }
    }

    /** Seconds ({@code 300}) or an ISO-8601 duration ({@code PT5M}). */
    private static Long step(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return value.startsWith("P") || value.startsWith("p") ? Duration.parse(value).getSeconds()
                    : Long.parseLong(value);
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new ValidationException("step", "must be seconds (300) or a duration (PT5M)");
        }
    }
}
