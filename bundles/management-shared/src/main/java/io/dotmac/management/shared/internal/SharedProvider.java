package io.dotmac.management.shared.internal;

import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.dotmac.management.DeploymentStep;
import io.dotmac.management.InstanceProvider;
import io.dotmac.management.IspInstances;
import io.dotmac.management.IspRegistration;
import io.dotmac.management.ProvisionContext;
import io.dotmac.management.StepFailedException;
import io.dotmac.platform.api.ConflictException;
import io.dotmac.platform.api.DotMacException;
import io.dotmac.platform.api.Tier;
import io.dotmac.platform.api.ValidationException;
import io.dotmac.tenant.NewTenant;
import io.dotmac.tenant.Tenant;
import io.dotmac.tenant.TenantService;
import io.dotmac.tenant.TenantStatus;

/**
 * The {@code shared} provider: the ISP becomes a tenant of this instance, at its tier, with a first
 * {@code isp_admin} whose initial password the welcome e-mail carries (kept sealed until then, and forgotten once
 * sent). Nothing to provision, deploy or certify: the instance runs, and its wildcard DNS record and certificate
 * cover the tenant's subdomain of the region's {@code baseDomain} setting. The welcome e-mail goes out as the
 * platform ({@link IspInstances#welcome}: the region's platform tenant, its SMTP settings and {@code isp_welcome}
 * template), as every provider's does.
 */
@Component(property = InstanceProvider.PROVIDER_PROPERTY + "=shared")
public class SharedProvider implements InstanceProvider {

    static final String SLUG = "tenantSlug";
    static final String TENANT_ID = "tenantId";
    static final String PASSWORD = "initialPassword";
    static final String ADMIN = "admin";

    private final TenantService tenants;
    private final IspInstances isp;

    @Activate
    public SharedProvider(@Reference TenantService tenants, @Reference IspInstances isp) {
        this.tenants = tenants;
        this.isp = isp;
    }

    @Override
    public void run(DeploymentStep step, ProvisionContext context) throws StepFailedException {
        switch (step) {
        case PROVISION -> context.log("nothing to provision: the ISP is a tenant of this instance");
        case DEPLOY -> context.log("nothing to deploy: this instance runs");
        case CONFIGURE_DNS -> {
            String slug = slug(context);
            String base = context.region().settings().getOrDefault("baseDomain", "");
            context.log(base.isEmpty() ? "tenant " + slug + " is reached by its slug (no baseDomain for the region)"
                    : slug + "." + base + " is covered by the instance's wildcard record *." + base);
        }
        case CONFIGURE_TLS -> context.log("the instance's certificate serves the tenant");
        case INITIALIZE_TENANT -> initialize(context);
        case VALIDATE -> validate(context);
        case WELCOME -> welcome(context);
        }
    }

    /** The tenant's slug: chosen once (from the domain) and recorded, so that a step run again uses the same. */
    private String slug(ProvisionContext context) throws StepFailedException {
        Optional<String> recorded = context.resource(SLUG);
        if (recorded.isPresent()) {
            return recorded.get();
        }
        Optional<String> adopted = context.resource(ProvisionContext.ADOPTED_TENANT);
        if (adopted.isPresent()) {
            String slug = tenants.find(adopted.get()).map(Tenant::slug).orElseThrow(() -> new StepFailedException(
                    "tenant " + adopted.get() + " to take over is gone", true));
            context.record(SLUG, slug);
            return slug;
        }
        String base = context.registration().suggestedSlug();
        String slug = base;
        for (int i = 2; tenants.find(slug).isPresent(); i++) {
            slug = base.substring(0, Math.min(base.length(), 36)) + "-" + i;
        }
        context.record(SLUG, slug);
        return slug;
    }

    private void initialize(ProvisionContext context) throws StepFailedException {
        String slug = slug(context);
        if (context.resource(ProvisionContext.ADOPTED_TENANT).isPresent()) {
            adopt(context, slug);
            return;
        }
        Optional<Tenant> existing = tenants.find(slug);
        if (existing.isPresent()) {
            // made by an earlier attempt of this job (its slug is recorded before the tenant is created)
            context.record(TENANT_ID, existing.get().id());
            context.record(ProvisionContext.TENANT, slug);
            context.log("tenant " + slug + " exists (made by an earlier attempt)");
            return;
        }
        IspRegistration r = context.registration();
        String password = context.secret(PASSWORD);
        try {
            Tenant t = tenants.create(new NewTenant(r.business().companyName().strip(), slug, r.commercial().tier(),
                    context.region().settings().get("currency"), new NewTenant.NewAdmin(ADMIN,
                            r.business().primaryContact().email(), password)));
            context.record(TENANT_ID, t.id());
            context.record(ProvisionContext.TENANT, slug);
            context.log("tenant " + slug + " created at " + t.tier() + " with its isp_admin '" + ADMIN + "'");
        } catch (ValidationException | ConflictException e) {
            throw new StepFailedException("the tenant could not be created: " + e.getMessage(), true, e);
        } catch (DotMacException e) {
            throw new StepFailedException("the tenant could not be created yet: " + e.getMessage(), false, e);
        }
    }

    /** A converted demo's tenant: renamed to the company and moved to the registered tier, its data as it is. */
    private void adopt(ProvisionContext context, String slug) throws StepFailedException {
        IspRegistration r = context.registration();
        try {
            Tenant t = tenants.get(slug);
            if (t.status() != TenantStatus.ACTIVE) {
                throw new StepFailedException("tenant " + slug + " to take over is " + t.status(), true);
            }
            String name = r.business().companyName().strip();
            if (!t.name().equals(name)) {
                tenants.rename(t.id(), name);
            }
            Tier tier = Tier.valueOf(r.commercial().tier());
            if (t.tier() != tier) {
                tenants.changeTier(t.id(), tier);
            }
            context.record(TENANT_ID, t.id());
            context.record(ProvisionContext.TENANT, slug);
            context.log("tenant " + slug + " (a converted demo) taken over as " + name + " at " + tier
                    + (t.tier() != tier ? " (was " + t.tier() + ")" : "") + "; its users and data stay");
        } catch (ValidationException | ConflictException e) {
            throw new StepFailedException("the tenant could not be taken over: " + e.getMessage(), true, e);
        } catch (DotMacException e) {
            throw new StepFailedException("the tenant could not be taken over yet: " + e.getMessage(), false, e);
        }
    }

    private void validate(ProvisionContext context) throws StepFailedException {
        String slug = context.resource(ProvisionContext.TENANT).orElseThrow(
                () -> new StepFailedException("no tenant was recorded", true));
        Tenant t = tenants.find(slug).orElseThrow(() -> new StepFailedException("tenant " + slug + " is gone", true));
        if (t.status() != TenantStatus.ACTIVE) {
            throw new StepFailedException("tenant " + slug + " is " + t.status(), true);
        }
        String base = context.region().settings().getOrDefault("publicUrl", "");
        if (!base.isEmpty()) {
            context.record(ProvisionContext.ENDPOINT, base.replaceAll("/$", "") + "/api/v1");
        }
        context.log("tenant " + slug + " is active");
    }

    private void welcome(ProvisionContext context) throws StepFailedException {
        if (context.resource(ProvisionContext.ADOPTED_TENANT).isPresent()) {
            context.log("no welcome e-mail: the converted demo's administrators keep their logins");
            return;
        }
        isp.welcome(context, context.region().settings().getOrDefault("publicUrl", "").replaceAll("/$", "")
                + "/portal/");
    }

    @Override
    public void compensate(DeploymentStep step, ProvisionContext context) throws StepFailedException {
        if (step != DeploymentStep.INITIALIZE_TENANT) {
            return;
        }
        if (context.resource(ProvisionContext.ADOPTED_TENANT).isPresent()) {
            context.log("the converted demo's tenant is left as it is");
            return;
        }
        Optional<String> id = context.resource(TENANT_ID);
        if (id.isEmpty()) {
            return;
        }
        Optional<Tenant> t = tenants.find(id.get());
        if (t.isPresent() && t.get().status() != TenantStatus.SUSPENDED) {
            // tenants are never deleted here: suspended, its data kept for the operator
            tenants.suspend(id.get());
            context.log("tenant " + t.get().slug() + " suspended");
        }
        context.record(PASSWORD, null);
    }
}
