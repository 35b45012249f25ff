package io.dotmac.health.internal;

import java.util.Dictionary;
import java.util.List;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.CacheControl;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.util.tracker.BundleTracker;

import io.dotmac.persistence.platform.Cluster;
import io.dotmac.persistence.platform.DatabaseHealth;
import io.dotmac.persistence.platform.DatabaseState;
import io.dotmac.platform.api.Access;
import io.dotmac.platform.api.DotMacPlugin;
import io.dotmac.rest.core.ApiMember;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/**
 * {@code GET /api/v1/health}, open to everyone: 200 with {@code status: UP} when the database is reachable and
 * migrated and the API has finished starting ({@link ApiStartup}), 503 with {@code status: DOWN} otherwise. It
 * reads the database monitor's latest probe, so it answers at once even while the database hangs.
 */
@Component(service = ApiMember.class, property = ApiMember.MEMBER_PROPERTY + "=" + ApiMember.HEALTH)
@Path("v1/health")
@Access(Access.Level.ANONYMOUS)
public class HealthResource implements ApiMember {

    private static final CacheControl NO_STORE = CacheControl.valueOf("no-store");

    private final String version;
    private final BundleTracker<Boolean> plugins;
    private final ApiStartup startup;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile DatabaseHealth database;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Cluster cluster;

    @Activate
    public HealthResource(BundleContext context, @Reference ApiStartup startup) {
        this.startup = startup;
        Dictionary<String, String> headers = context.getBundle().getHeaders("");
        String v = headers.get("DotMac-Version");
        this.version = v == null ? context.getBundle().getVersion().toString() : v;
        this.plugins = new BundleTracker<>(context,
                Bundle.RESOLVED | Bundle.STARTING | Bundle.ACTIVE | Bundle.STOPPING, null) {
            @Override
            public Boolean addingBundle(Bundle bundle, org.osgi.framework.BundleEvent event) {
                BundleRevision revision = bundle.adapt(BundleRevision.class);
                return revision != null && !revision.getDeclaredCapabilities(DotMacPlugin.NAMESPACE).isEmpty()
                        ? Boolean.TRUE : null;
            }
        };
        plugins.open();
    }

    @Deactivate
    void deactivate() {
        plugins.close();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @ApiResponse(responseCode = "200", description = "UP: the database is reachable and migrated, the API started",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = HealthReport.class)))
    @ApiResponse(responseCode = "503", description = "DOWN, or still starting",
            content = { @Content(mediaType = "application/json",
                    schema = @Schema(implementation = HealthReport.class)),
                @Content(mediaType = "application/problem+json",
                    schema = @Schema(ref = "#/components/schemas/Problem")) })
    public Response health() {
        Cluster c = cluster;
        HealthReport report = report(database, version, plugins.size(), startup.waitingFor(),
                c == null ? null : new HealthReport.Node(c.nodeId(), c.nodeName()));
        return Response.status(report.up() ? Response.Status.OK : Response.Status.SERVICE_UNAVAILABLE)
                .cacheControl(NO_STORE)
                .entity(report)
                .build();
    }

    /**
     * The report for a database monitor (null when there is none: no data source configured or started) and what
     * the API still waits for at start-up (empty once started). UP when both are fine.
     */
    static HealthReport report(DatabaseHealth database, String version, int plugins, List<String> waitingFor) {
        return report(database, version, plugins, waitingFor, null);
    }

    /** {@link #report(DatabaseHealth, String, int, List)} naming the node that answers. */
    static HealthReport report(DatabaseHealth database, String version, int plugins, List<String> waitingFor,
            HealthReport.Node node) {
        DatabaseState state = database == null ? null : database.state();
        boolean dbUp = state != null && state.up();
        HealthReport.Api api = waitingFor.isEmpty() ? new HealthReport.Api(HealthReport.UP, null)
                : new HealthReport.Api(HealthReport.Api.STARTING, List.copyOf(waitingFor));
        String status = dbUp && waitingFor.isEmpty() ? HealthReport.UP : HealthReport.DOWN;
        HealthReport.Database db = new HealthReport.Database(dbUp ? HealthReport.UP : HealthReport.DOWN,
                state == null ? null : state.product());
        return new HealthReport(status, version, db, plugins, api, node);
    }
}
