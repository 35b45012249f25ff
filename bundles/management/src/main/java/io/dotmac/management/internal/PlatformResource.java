package io.dotmac.management.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.dotmac.management.IspAccount;
import io.dotmac.management.HealthScore;
import io.dotmac.management.IspAccounts;
import io.dotmac.management.IspInsights;
import io.dotmac.management.PlatformFigures;
import io.dotmac.management.IspUsage;
import io.dotmac.management.UsageHour;
import io.dotmac.platform.api.Access;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.ValidationException;
import io.dotmac.rest.core.ApiMember;

/**
 * {@code /api/v1/platform}: the ISPs as the platform's customers and the tenants' metered usage, for the platform's
 * operators.
 */
@Component(service = ApiMember.class, property = ApiMember.MEMBER_PROPERTY + "=" + ApiMember.PLATFORM)
@Path("v1/platform")
@Produces(MediaType.APPLICATION_JSON)
@Access(Access.Level.PLATFORM)
public class PlatformResource implements ApiMember {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile IspAccounts accounts;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile IspUsage usage;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile IspInsights insights;

    @GET
    @Path("isps")
    public Page<IspAccount> isps(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        return RegistrationResource.installed(accounts).list(Page.limit(limit), cursor);
    }

    @GET
    @Path("isps/{id}")
    public IspAccount isp(@PathParam("id") String id) {
        return RegistrationResource.installed(accounts).get(id);
    }

    /**
     * A tenant's hourly usage (UTC hours) from {@code from} to {@code to} (ISO-8601 instants; default the last 24
     * hours, at most 31 days at once).
     */
    @GET
    @Path("usage/{tenant}")
    public Map<String, List<UsageHour>> usage(@PathParam("tenant") String tenant, @QueryParam("from") String from,
            @QueryParam("to") String to) {
        Instant end = instant("to", to, Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS));
        Instant start = instant("from", from, end.minus(24, ChronoUnit.HOURS));
        if (!start.isBefore(end)) {
            throw new ValidationException("from", "must be before to");
        }
        if (Duration.between(start, end).toDays() > 31) {
            throw new ValidationException("from", "at most 31 days before to");
        }
        return Map.of("items", RegistrationResource.installed(usage).hours(tenant, start, end));
    }

    /** Writes what this node counted to the hourly usage now (it also does every usageFlushSeconds). */
    @POST
    @Path("usage/flush")
    public Response flush() {
        RegistrationResource.installed(usage).flush();
        return Response.noContent().build();
    }

    private static Instant instant(String field, String value, Instant otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ValidationException(field, "must be an ISO-8601 instant such as 2026-12-07T10:00:00Z");
        }
    }

    /** The platform's figures with the last {@code months} months (default 6, 1 to 24). */
    @GET
    @Path("analytics")
    public PlatformFigures analytics(@QueryParam("months") Integer months) {
        int m = months == null ? 6 : months;
        if (m < 1 || m > 24) {
            throw new ValidationException("months", "must be 1 to 24");
        }
        return RegistrationResource.installed(insights).figures(m);
    }

    /** The ISP's health score: 0–100, its parts and recommendations. */
    @GET
    @Path("isps/{id}/health-score")
    public HealthScore healthScore(@PathParam("id") String id) {
        return RegistrationResource.installed(insights).healthScore(id);
    }

    /** Brings every ISP's subscriptions on the platform tenant in line now (it also runs on its own). */
    @POST
    @Path("isps/reconcile")
    public Map<String, Integer> reconcile() {
        return Map.of("changed", RegistrationResource.installed(accounts).reconcile());
    }
}
