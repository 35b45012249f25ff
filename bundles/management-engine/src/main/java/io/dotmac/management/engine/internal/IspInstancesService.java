package io.dotmac.management.engine.internal;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.dotmac.management.IspInstances;
import io.dotmac.management.IspRegistration;
import io.dotmac.management.PlatformMail;
import io.dotmac.management.ProvisionContext;
import io.dotmac.management.StepFailedException;
import io.dotmac.notifications.email.EmailEvent;
import io.dotmac.platform.api.DotMacException;

/** {@link IspInstances}: an ISP instance's REST API through the JDK's HTTP client; the password a sealed secret. */
@Component(service = IspInstances.class)
public class IspInstancesService implements IspInstances {

    static final String PASSWORD = "initialPassword";
    static final String WELCOMED = "welcomeQueued";

    private final PlatformMail mail;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Activate
    public IspInstancesService(@Reference PlatformMail mail) {
        this.mail = mail;
    }

    @Override
    public Duration awaitHealthy(ProvisionContext context, String baseUrl, Duration timeout, BooleanSupplier running)
            throws StepFailedException {
        RemoteApi api = new RemoteApi(http, baseUrl);
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                RemoteApi.Answer health = api.health();
                if (health.status() == 200) {
                    return Duration.ofNanos(System.nanoTime() - started);
                }
                last = "health " + health.status();
            } catch (IOException e) {
                last = "no answer (" + e.getClass().getSimpleName() + ")";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StepFailedException("interrupted", false, e);
            }
            if (!running.getAsBoolean()) {
                throw new StepFailedException("the instance stopped while starting", false);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StepFailedException("interrupted", false, e);
            }
        }
        throw new StepFailedException(baseUrl + " did not answer within " + timeout.toSeconds() + " s (" + last + ")",
                false);
    }

    @Override
    public void initializeTenant(ProvisionContext context, String baseUrl, String operatorPassword)
            throws StepFailedException {
        IspRegistration r = context.registration();
        String slug = r.suggestedSlug();
        RemoteApi api = new RemoteApi(http, baseUrl);
        try {
            String operator = api.token(null, "admin", operatorPassword);
            if (operator == null) {
                throw new StepFailedException("the instance refused its operator's login", false);
            }
            if (api.get("/api/v1/tenants/" + slug, operator).status() == 200) {
                context.record(ProvisionContext.TENANT, slug);
                context.log("tenant " + slug + " exists (made by an earlier attempt)");
                return;
            }
            String password = context.secret(PASSWORD);
            Map<String, Object> admin = new LinkedHashMap<>();
            admin.put("username", ADMIN);
            admin.put("email", r.business().primaryContact().email());
            admin.put("password", password);
            Map<String, Object> tenant = new LinkedHashMap<>();
            tenant.put("name", r.business().companyName().strip());
            tenant.put("slug", slug);
            tenant.put("tier", r.commercial().tier());
            tenant.put("currency", context.region().settings().get("currency"));
            tenant.put("admin", admin);
            RemoteApi.Answer created = api.post("/api/v1/tenants", tenant, operator);
            if (created.status() == 422 || created.status() == 409) {
                throw new StepFailedException("the instance refused the tenant: " + created.body(), true);
            }
            if (created.status() != 201) {
                throw new StepFailedException("the instance answered " + created.status() + " to the tenant", false);
            }
            context.record(ProvisionContext.TENANT, slug);
            context.log("tenant " + slug + " made on the instance at " + r.commercial().tier() + " with its isp_admin '"
                    + ADMIN + "'");
        } catch (IOException e) {
            throw new StepFailedException("the instance does not answer: " + e.getMessage(), false, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailedException("interrupted", false, e);
        }
    }

    @Override
    public void validate(ProvisionContext context, String baseUrl) throws StepFailedException {
        String slug = context.resource(ProvisionContext.TENANT).orElseThrow(
                () -> new StepFailedException("no tenant was recorded", true));
        RemoteApi api = new RemoteApi(http, baseUrl);
        try {
            RemoteApi.Answer health = api.health();
            if (health.status() != 200) {
                throw new StepFailedException("the instance's health is " + health.status(), false);
            }
            Optional<String> password = context.keptSecret(PASSWORD);
            if (password.isPresent()) {
                String token = api.token(slug, ADMIN, password.get());
                if (token == null) {
                    throw new StepFailedException("the ISP's admin cannot log in on the instance", false);
                }
                int customers = api.get("/api/v1/customers", token).status();
                if (customers != 200) {
                    throw new StepFailedException("the ISP's admin got " + customers + " for its customers", false);
                }
                context.log("the ISP's admin logs in on the instance and reads its customers");
            }
        } catch (IOException e) {
            throw new StepFailedException("the instance does not answer: " + e.getMessage(), false, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailedException("interrupted", false, e);
        }
        context.record(ProvisionContext.ENDPOINT, api.base() + "/api/v1");
    }

    @Override
    public void welcome(ProvisionContext context, String portalUrl) throws StepFailedException {
        if (context.resource(WELCOMED).isPresent()) {
            context.log("the welcome e-mail was queued already");
            return;
        }
        IspRegistration r = context.registration();
        String slug = context.resource(ProvisionContext.TENANT).orElseThrow(
                () -> new StepFailedException("no tenant was recorded", true));
        String password = context.keptSecret(PASSWORD).orElseThrow(
                () -> new StepFailedException("the initial password is gone", true));
        try {
            mail.send(context.region(), EmailEvent.ISP_WELCOME, r.business().primaryContact().email(), Map.of(
                    "companyName", r.business().companyName().strip(), "contactName",
                    r.business().primaryContact().name().strip(), "tenant", slug, "tier", r.commercial().tier(),
                    "username", ADMIN, "password", password, "portalUrl", portalUrl));
        } catch (DotMacException e) {
            throw new StepFailedException("the welcome e-mail could not be queued: " + e.getMessage(), false, e);
        }
        context.record(WELCOMED, "true");
        context.record(PASSWORD, null); // sent: not kept
        context.log("welcome e-mail to " + r.business().primaryContact().email() + " queued");
    }

    @Override
    public String instanceUrl(ProvisionContext context, String fallback) throws StepFailedException {
        String template = context.region().settings().getOrDefault("instanceUrl", fallback);
        String slug = context.registration().suggestedSlug();
        if (template.contains("{address}")) {
            String address = context.resource(ProvisionContext.ADDRESS).orElseThrow(() -> new StepFailedException(
                    "the instance's address is not known", true));
            template = template.replace("{address}", address);
        }
        String base = context.region().settings().getOrDefault("baseDomain", "").replaceAll("^\\.|\\.$", "");
        return template.replace("{host}", base.isEmpty() ? slug : slug + "." + base).replace("{slug}", slug)
                .replaceAll("/$", "");
    }

    @Override
    public String portalUrl(ProvisionContext context, String instanceUrl) {
        String base = context.region().settings().getOrDefault("baseDomain", "").replaceAll("^\\.|\\.$", "");
        return base.isEmpty() ? instanceUrl + "/portal/"
                : "https://" + context.registration().suggestedSlug() + "." + base + "/portal/";
    }

    @Override
    public void forget(ProvisionContext context) {
        context.record(PASSWORD, null);
    }
}
