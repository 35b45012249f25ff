package io.dotmac.management.digitalocean.internal;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.databind.JsonNode;

import io.dotmac.management.DeploymentStep;
import io.dotmac.management.FirstBoot;
import io.dotmac.management.InstanceProvider;
import io.dotmac.management.IspInstances;
import io.dotmac.management.ProvisionContext;
import io.dotmac.management.StepFailedException;

/**
 * The {@code digitalocean} provider: the ISP's DotMac on a droplet made from the region's {@code image} (a snapshot
 * with the distribution installed) and a managed PostgreSQL database of its own, sized from the tier's row of the
 * sizing table ({@code do.size}, {@code do.dbSize}), through DigitalOcean's REST API. Both carry the tag
 * {@code dotmac-<deployment>}: DigitalOcean has no idempotency token, so PROVISION looks for the tag before it makes
 * either (an attempt that crashed after asking finds what it asked for). The droplet's user data is the first-boot
 * script ({@link FirstBoot}); DEPLOY waits for it to be active, records its public address and waits for its health
 * at {@code instanceUrl}; the ISP's tenant, the check and the welcome go through its REST API ({@link IspInstances}).
 * Compensating PROVISION deletes the droplet and the database.
 */
@Component(property = InstanceProvider.PROVIDER_PROPERTY + "=digitalocean")
public class DigitalOceanProvider implements InstanceProvider {

    static final String DATABASE = "doDatabase";
    static final String DROPLET = "doDroplet";
    static final String ROLE_PASSWORD = "rolePassword";
    static final String OPERATOR_PASSWORD = "operatorPassword";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final IspInstances isp;

    @Activate
    public DigitalOceanProvider(@Reference IspInstances isp) {
        this.isp = isp;
    }

    @Override
    public void run(DeploymentStep step, ProvisionContext context) throws StepFailedException {
        switch (step) {
        case PROVISION -> provision(context);
        case DEPLOY -> deploy(context);
        case INITIALIZE_TENANT -> isp.initializeTenant(context, url(context), context.keptSecret(OPERATOR_PASSWORD)
                .orElseThrow(() -> new StepFailedException("the operator password is gone", true)));
        case VALIDATE -> isp.validate(context, url(context));
        case WELCOME -> isp.welcome(context, isp.portalUrl(context, url(context)));
        default -> {
            // CONFIGURE_DNS and CONFIGURE_TLS: the region's DNS and TLS providers (settings dns, tls)
        }
        }
    }

    private static String tag(ProvisionContext context) {
        return "dotmac-" + context.deploymentId();
    }

    private void provision(ProvisionContext context) throws StepFailedException {
        Map<String, String> s = context.region().settings();
        for (String key : List.of("doRegion", "image")) {
            if (s.getOrDefault(key, "").isEmpty()) {
                throw new StepFailedException("region " + context.region().name() + " has no " + key, true);
            }
        }
        DoApi api = new DoApi(http, s);
        String slug = context.registration().suggestedSlug();
        Map<String, String> size = context.sizing();
        String roles = context.secret(ROLE_PASSWORD);
        String operator = context.secret(OPERATOR_PASSWORD);

        String dbId = context.resource(DATABASE).orElse(null);
        if (dbId == null) {
            dbId = tagged(api.get("/v2/databases?tag_name=" + DoApi.query(tag(context))), "databases");
            if (dbId == null) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("name", "dotmac-" + slug);
                body.put("engine", "pg");
                body.put("version", s.getOrDefault("postgresVersion", "16"));
                body.put("region", s.get("doRegion"));
                body.put("size", size.getOrDefault("do.dbSize", "db-s-1vcpu-1gb"));
                body.put("num_nodes", 1);
                body.put("tags", List.of(tag(context)));
                dbId = api.post("/v2/databases", body).path("database").path("id").asText();
                context.log("managed PostgreSQL " + dbId + " requested (" + body.get("size") + ")");
            }
            context.record(DATABASE, dbId);
        }
        JsonNode db = awaitDatabase(api, dbId, context);
        JsonNode c = db.path("connection");
        if (context.resource(DROPLET).isEmpty()) {
            String dropletId = tagged(api.get("/v2/droplets?tag_name=" + DoApi.query(tag(context))), "droplets");
            if (dropletId == null) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("name", "dotmac-" + slug);
                body.put("region", s.get("doRegion"));
                body.put("size", size.getOrDefault("do.size", "s-1vcpu-1gb"));
                body.put("image", s.get("image"));
                body.put("tags", List.of(tag(context)));
                body.put("user_data", FirstBoot.script(new FirstBoot.Database(c.path("host").asText(),
                        c.path("port").asInt(), c.path("database").asText(), c.path("user").asText(),
                        c.path("password").asText(), "require"), roles, operator));
                if (!s.getOrDefault("sshKeys", "").isEmpty()) {
                    List<String> keys = new ArrayList<>();
                    for (String k : s.get("sshKeys").split(",")) {
                        keys.add(k.strip());
                    }
                    body.put("ssh_keys", keys);
                }
                dropletId = api.post("/v2/droplets", body).path("droplet").path("id").asText();
                context.log("droplet " + dropletId + " made from image " + s.get("image") + " (" + body.get("size")
                        + ")");
            }
            context.record(DROPLET, dropletId);
        }
    }

    /** The id of the one resource of a tag-filtered list, or null. */
    private static String tagged(JsonNode page, String field) {
        if (page == null) {
            return null;
        }
        for (JsonNode item : page.path(field)) {
            return item.path("id").asText();
        }
        return null;
    }

    private static JsonNode awaitDatabase(DoApi api, String id, ProvisionContext context) throws StepFailedException {
        Map<String, String> s = context.region().settings();
        long pause = Long.parseLong(s.getOrDefault("pollMillis", "15000"));
        long deadline = System.currentTimeMillis() + Long.parseLong(s.getOrDefault("databaseTimeoutSeconds",
                "1800")) * 1000;
        while (true) {
            JsonNode db = api.get("/v2/databases/" + id);
            if (db == null) {
                throw new StepFailedException("database " + id + " is gone", false);
            }
            String status = db.path("database").path("status").asText();
            if (status.equals("online")) {
                return db.path("database");
            }
            if (System.currentTimeMillis() > deadline) {
                throw new StepFailedException("database " + id + " not online in time (" + status + ")", false);
            }
            pause(pause);
        }
    }

    private void deploy(ProvisionContext context) throws StepFailedException {
        Map<String, String> s = context.region().settings();
        DoApi api = new DoApi(http, s);
        String id = context.resource(DROPLET).orElseThrow(() -> new StepFailedException("no droplet was made", true));
        long pause = Long.parseLong(s.getOrDefault("pollMillis", "15000"));
        long deadline = System.currentTimeMillis() + Long.parseLong(s.getOrDefault("startTimeoutSeconds", "900"))
                * 1000;
        while (true) {
            JsonNode d = api.get("/v2/droplets/" + id);
            if (d == null) {
                throw new StepFailedException("droplet " + id + " is gone", true);
            }
            String status = d.path("droplet").path("status").asText();
            Optional<String> address = publicAddress(d.path("droplet"));
            if (status.equals("active") && address.isPresent()) {
                context.record(ProvisionContext.ADDRESS, address.get());
                context.log("droplet " + id + " is active at " + address.get());
                break;
            }
            if (status.equals("archive") || status.equals("off")) {
                throw new StepFailedException("droplet " + id + " is " + status, true);
            }
            if (System.currentTimeMillis() > deadline) {
                throw new StepFailedException("droplet " + id + " not active in time (" + status + ")", false);
            }
            pause(pause);
        }
        Duration waited = isp.awaitHealthy(context, url(context), Duration.ofMillis(Math.max(1000,
                deadline - System.currentTimeMillis())), () -> true);
        context.log("DotMac answers at " + url(context) + " (health 200 after " + waited.toMillis() + " ms)");
    }

    private static Optional<String> publicAddress(JsonNode droplet) {
        for (JsonNode n : droplet.path("networks").path("v4")) {
            if (n.path("type").asText().equals("public")) {
                return Optional.of(n.path("ip_address").asText());
            }
        }
        return Optional.empty();
    }

    @Override
    public void compensate(DeploymentStep step, ProvisionContext context) throws StepFailedException {
        if (step == DeploymentStep.INITIALIZE_TENANT) {
            isp.forget(context);
            return;
        }
        if (step != DeploymentStep.PROVISION) {
            return;
        }
        DoApi api = new DoApi(http, context.region().settings());
        // what an attempt made before it recorded it carries the tag
        String droplet = context.resource(DROPLET).orElse(tagged(api.get("/v2/droplets?tag_name="
                + DoApi.query(tag(context))), "droplets"));
        if (droplet != null) {
            context.log("droplet " + droplet + (api.delete("/v2/droplets/" + droplet) ? " deleted" : " was gone"));
            context.record(DROPLET, null);
        }
        String db = context.resource(DATABASE).orElse(tagged(api.get("/v2/databases?tag_name="
                + DoApi.query(tag(context))), "databases"));
        if (db != null) {
            context.log("database " + db + (api.delete("/v2/databases/" + db) ? " deleted" : " was gone"));
            context.record(DATABASE, null);
        }
        context.record(ROLE_PASSWORD, null);
        context.record(OPERATOR_PASSWORD, null);
    }

    /** Where the droplet's DotMac answers ({@code instanceUrl}, default {@code http://{address}:8181}). */
    private String url(ProvisionContext context) throws StepFailedException {
        return isp.instanceUrl(context, "http://{address}:8181");
    }

    private static void pause(long millis) throws StepFailedException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailedException("interrupted", false, e);
        }
    }
}
