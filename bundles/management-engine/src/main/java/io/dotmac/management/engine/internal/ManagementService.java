package io.dotmac.management.engine.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.aries.jpa.template.JpaTemplate;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.dotmac.management.Confirmation;
import io.dotmac.management.Deployment;
import io.dotmac.management.DeploymentEvents;
import io.dotmac.management.DeploymentStep;
import io.dotmac.management.Deployments;
import io.dotmac.management.DnsProvider;
import io.dotmac.management.InstanceProvider;
import io.dotmac.management.PlatformMail;
import io.dotmac.management.IspRegistration;
import io.dotmac.management.ProvisionContext;
import io.dotmac.management.Region;
import io.dotmac.management.Registered;
import io.dotmac.management.Registrations;
import io.dotmac.management.TlsProvider;
import io.dotmac.persistence.Leases;
import io.dotmac.persistence.MigratedSchema;
import io.dotmac.platform.api.ConflictException;
import io.dotmac.platform.api.FieldError;
import io.dotmac.platform.api.Ids;
import io.dotmac.platform.api.NotFoundException;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.ValidationException;
import io.dotmac.security.Secrets;

/**
 * The management platform's engine: registrations are checked, kept with their deployment job and its steps in one
 * transaction (JPA entities through Aries JPA), and the job is run by {@link Jobs} with the provider of the chosen
 * region. Jobs a stop or crash left open are taken up at start.
 */
@Component(service = { Registrations.class, Deployments.class }, configurationPid = ManagementService.PID)
@Designate(ocd = ManagementConfig.class)
public class ManagementService implements Registrations, Deployments {

    static final String PID = "io.dotmac.management";
    private static final Logger LOG = LoggerFactory.getLogger(ManagementService.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final JpaTemplate jpa;
    private final ManagementConfig config;
    private final Map<String, Region> regions;
    private final RateLimit rateLimit = new RateLimit(System::nanoTime);
    private final Map<String, InstanceProvider> providers = new ConcurrentHashMap<>();
    private final Map<String, DnsProvider> dnsProviders = new ConcurrentHashMap<>();
    private final Map<String, TlsProvider> tlsProviders = new ConcurrentHashMap<>();
    private final Jobs jobs;
    private final Confirmations confirmations;
    /** The sealing key of confirmation tokens (and of the shared provider's initial passwords), under etc/. */
    static final String KEY_FILE = "dotmac-management.key";

    @Activate
    public ManagementService(
            @Reference(target = "(&(osgi.unit.name=dotmac-management)(transaction.type=RESOURCE_LOCAL))")
            JpaTemplate jpa,
            @Reference(target = "(" + MigratedSchema.SCHEMA_PROPERTY + "=management)") MigratedSchema schema,
            @Reference PlatformMail mail, @Reference Secrets secrets, @Reference Leases leases,
            ManagementConfig config, Map<String, Object> properties) {
        this.jpa = jpa;
        this.confirmations = new Confirmations(secrets.sealer(KEY_FILE), mail);
        this.config = config;
        this.regions = regions(config, properties);
        Map<String, Map<String, String>> sizes = Sizing.table(properties);
        this.jobs = new Jobs(jpa, providers::get, new Steps(dnsProviders::get, tlsProviders::get), this.regions::get,
                this::registration, tier -> sizes.getOrDefault(tier, Map.of()), secrets.sealer(KEY_FILE), config,
                this::announce, leases);
        jobs.resumeAll();
    }

    @Deactivate
    void deactivate() {
        jobs.stop();
    }

    /** EventAdmin, when installed (Karaf's eventadmin feature, part of the platform's persistence feature). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin events;

    private void announce(String topic, String jobId, String ispId) {
        EventAdmin admin = events;
        if (admin != null) {
            admin.postEvent(new Event(topic, Map.of(DeploymentEvents.DEPLOYMENT, jobId, DeploymentEvents.ISP, ispId)));
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addProvider(InstanceProvider provider, Map<String, Object> properties) {
        Object name = properties.get(InstanceProvider.PROVIDER_PROPERTY);
        if (name instanceof String n) {
            providers.put(n, provider);
        } else {
            LOG.error("An InstanceProvider without the {} property is ignored", InstanceProvider.PROVIDER_PROPERTY);
        }
    }

    void removeProvider(InstanceProvider provider, Map<String, Object> properties) {
        providers.values().remove(provider);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addDns(DnsProvider dns, Map<String, Object> properties) {
        if (properties.get(DnsProvider.PROVIDER_PROPERTY) instanceof String n) {
            dnsProviders.put(n, dns);
        }
    }

    void removeDns(DnsProvider dns) {
        dnsProviders.values().remove(dns);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addTls(TlsProvider tls, Map<String, Object> properties) {
        if (properties.get(TlsProvider.PROVIDER_PROPERTY) instanceof String n) {
            tlsProviders.put(n, tls);
        }
    }

    void removeTls(TlsProvider tls) {
        tlsProviders.values().remove(tls);
    }

    /** The regions of the configuration, each with its {@code region.<name>.<setting>} keys. */
    static Map<String, Region> regions(ManagementConfig config, Map<String, Object> properties) {
        Map<String, Region> out = new LinkedHashMap<>();
        for (String entry : config.regions().split(",")) {
            String name = entry.strip();
            if (!name.matches("[a-z0-9][a-z0-9-]{0,39}")) {
                throw new IllegalArgumentException("Invalid io.dotmac.management configuration: region '" + name
                        + "' in regions is not a name of a-z, 0-9 and -");
            }
            Map<String, String> settings = new LinkedHashMap<>();
            String prefix = "region." + name + ".";
            properties.forEach((k, v) -> {
                if (k.startsWith(prefix) && v != null && !v.toString().isBlank()) {
                    settings.put(k.substring(prefix.length()), v.toString().strip());
                }
            });
            String provider = settings.remove("provider");
            if (provider == null && name.equals("local")) {
                provider = RegistrationRules.SHARED_PROVIDER;
            }
            if (provider == null) {
                throw new IllegalArgumentException("Invalid io.dotmac.management configuration: region." + name
                        + ".provider is not set");
            }
            String description = settings.remove("description");
            out.put(name, new Region(name, provider, description == null ? "" : description, Map.copyOf(settings)));
        }
        return Map.copyOf(out);
    }

    /** Whether {@code e} comes of a unique or primary key constraint (SQL state 23505; H2 says 23505 too). */
    static boolean uniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    @Override
    public List<Region> regions() {
        return regions.values().stream().sorted(java.util.Comparator.comparing(Region::name)).toList();
    }

    @Override
    public Registered register(IspRegistration r, String client) {
        return register(r, client, null);
    }

    @Override
    public Registered adopt(IspRegistration r, String tenantId, String client) {
        if (tenantId == null || tenantId.isBlank()) {
            throw new IllegalArgumentException("the tenant to adopt is required");
        }
        return register(r, client, tenantId);
    }

    @Override
    public List<FieldError> check(IspRegistration r) {
        List<FieldError> errors = new ArrayList<>(RegistrationRules.check(r, regions));
        String domain = r == null || r.technical() == null ? null : r.technical().domain();
        if (domain != null && errors.stream().noneMatch(e -> e.field().equals("technical.domain"))
                && jpa.txExpr(em -> !em.createNativeQuery("SELECT registration_id FROM dotmac_mg_domain WHERE "
                        + "domain_name = ?1").setParameter(1, domain).getResultList().isEmpty())) {
            errors.add(new FieldError("technical.domain", "is registered already"));
        }
        return errors;
    }

    /** A registration, with the tenant its job takes over (a converted demo's) or null to make one. */
    private Registered register(IspRegistration r, String client, String adoptedTenant) {
        if (adoptedTenant == null) {
            // a conversion is not counted: its demo was, and a demo is converted once
            rateLimit.acquire(client, Math.max(1, config.registrationsPerHour()));
        }
        List<FieldError> errors = RegistrationRules.check(r, regions);
        if (adoptedTenant != null && errors.isEmpty() && (!"SHARED".equals(r.deployment())
                || !RegistrationRules.SHARED_PROVIDER.equals(regions.get(r.technical().region()).provider()))) {
            errors.add(new FieldError("deployment", "a tenant of this instance stays on it: SHARED, in a region of "
                    + "the shared provider"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        Region region = regions.get(r.technical().region());
        String details;
        try {
            details = JSON.writeValueAsString(r);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a registration could not be written as JSON", e);
        }
        Instant now = Instant.now();
        String ispId = Ids.next();
        String jobId = Ids.next();
        String domain = r.technical().domain();
        boolean shared = r.deployment().equals("SHARED");
        // a DEDICATED deployment waits for the contact's confirmation: refused (nothing kept) when it cannot be asked
        if (!shared) {
            confirmations.checkSender(region);
        }
        String taken = "An ISP with the domain " + domain + " is registered already";
        try {
            jpa.tx(em -> {
                if (!em.createNativeQuery("SELECT registration_id FROM dotmac_mg_domain WHERE domain_name = ?1")
                        .setParameter(1, domain).getResultList().isEmpty()) {
                    throw new ConflictException(taken);
                }
                em.persist(new RegistrationEntity(ispId, r.business().companyName().strip(), r.business().country(),
                        r.business().taxId().strip(), r.business().primaryContact().email(), domain, region.name(),
                        r.commercial().tier(), r.deployment(), client, details, now));
                em.flush();
                // the claim: a registration of the same domain at the same moment fails here (primary key)
                em.createNativeQuery("INSERT INTO dotmac_mg_domain (domain_name, registration_id) VALUES (?1, ?2)")
                        .setParameter(1, domain).setParameter(2, ispId).executeUpdate();
            em.persist(new JobEntity(jobId, ispId, region.name(), region.provider(),
                    shared ? "PENDING" : "WAITING_CONFIRMATION", now));
            int i = 0;
            for (DeploymentStep step : DeploymentStep.values()) {
                em.persist(new StepEntity(jobId, step.name(), i++));
            }
            if (adoptedTenant != null) {
                em.persist(new ResourceEntity(jobId, ProvisionContext.ADOPTED_TENANT, adoptedTenant));
            }
            });
        } catch (ConflictException e) {
            throw e;
        } catch (RuntimeException e) {
            if (uniqueViolation(e)) {
                throw new ConflictException(taken);
            }
            throw e;
        }
        LOG.info("ISP {} ({}) registered from {}: deployment {} in region {} ({}){}", ispId,
                r.business().companyName().strip(), client, jobId, region.name(), region.provider(),
                adoptedTenant == null ? "" : ", taking over tenant " + adoptedTenant);
        if (shared) {
            jobs.start(jobId);
        } else {
            try {
                confirmations.send(region, jobId, r, config.publicUrl(), Duration.ofHours(Math.max(1,
                        config.confirmationHours())), now);
            } catch (RuntimeException e) {
                // nothing kept of a registration whose contact cannot be asked to confirm
                jpa.tx(em -> {
                    em.createQuery("DELETE FROM StepEntity s WHERE s.jobId = :job").setParameter("job", jobId)
                            .executeUpdate();
                    em.remove(em.find(JobEntity.class, jobId));
                    em.createNativeQuery("DELETE FROM dotmac_mg_domain WHERE registration_id = ?1")
                            .setParameter(1, ispId).executeUpdate();
                    em.flush();
                    em.remove(em.find(RegistrationEntity.class, ispId));
                });
                LOG.error("The confirmation e-mail of deployment {} could not be queued: {}", jobId, e.getMessage());
                if (e instanceof ValidationException v) {
                    throw new ValidationException("business.primaryContact.email", v.getMessage());
                }
                throw new io.dotmac.platform.api.UnavailableException("The confirmation e-mail could not be sent: "
                        + e.getMessage());
            }
        }
        Duration estimate = shared ? Duration.ofSeconds(2) : Duration.ofMinutes(15);
        List<String> next = adoptedTenant != null
                ? List.of("Your demo becomes your ISP: its tenant, users and data stay as they are; follow GET "
                        + "/api/v1/deployments/" + jobId + " (platform operators)",
                        "Go on logging in to the portal with the accounts you have")
                : shared
                ? List.of("Your ISP is being set up on the shared instance: follow GET /api/v1/deployments/" + jobId
                        + " (platform operators) or wait for the welcome e-mail to "
                        + r.business().primaryContact().email(),
                        "Log in to the portal with the administrator account the welcome e-mail names")
                : List.of("Confirm your e-mail address with the link sent to " + r.business().primaryContact().email(),
                        "Your dedicated instance is deployed once the address is confirmed");
        return new Registered(ispId, jobId, now.plus(estimate), next);
    }

    @Override
    public Confirmation confirm(String token) {
        String jobId = confirmations.jobOf(token, Instant.now());
        Instant now = Instant.now();
        String status = jpa.txExpr(em -> {
            JobEntity j = em.find(JobEntity.class, jobId);
            if (j == null) {
                throw new ValidationException("token", "names no deployment of this platform");
            }
            if (j.status.equals("WAITING_CONFIRMATION")) {
                j.status = "PENDING";
                j.updatedAt = now;
                StepEntity first = em.find(StepEntity.class, new StepEntity.Key(jobId,
                        DeploymentStep.values()[0].name()));
                first.log = Jobs.append(first.log, now + " the contact confirmed the e-mail address");
            }
            return j.status;
        });
        if (status.equals("PENDING")) {
            LOG.info("Deployment {}: its contact confirmed the e-mail address; starting", jobId);
            jobs.start(jobId);
        }
        return new Confirmation(jobId, status);
    }

    /** The registration as sent, or null. */
    private IspRegistration registration(String id) {
        String details = jpa.txExpr(em -> {
            RegistrationEntity r = em.find(RegistrationEntity.class, id);
            return r == null ? null : r.details;
        });
        try {
            return details == null ? null : JSON.readValue(details, IspRegistration.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("registration " + id + " cannot be read back", e);
        }
    }

    @Override
    public Deployment get(String id) {
        return jpa.txExpr(em -> {
            JobEntity j = em.find(JobEntity.class, id);
            if (j == null) {
                throw new NotFoundException("No deployment " + id);
            }
            return view(em, j);
        });
    }

    @Override
    public Deployment decommission(String id) {
        String status = jpa.txExpr(em -> {
            JobEntity j = em.find(JobEntity.class, id, javax.persistence.LockModeType.PESSIMISTIC_WRITE);
            if (j == null) {
                throw new NotFoundException("No deployment " + id);
            }
            if (j.status.equals("READY")) {
                j.status = "DECOMMISSIONING";
                j.updatedAt = Instant.now();
            } else if (!j.status.equals("DECOMMISSIONING") && !j.status.equals("DECOMMISSIONED")) {
                throw new ConflictException("Deployment " + id + " is " + j.status + ": only a READY one can be "
                        + "decommissioned");
            }
            return j.status;
        });
        if (status.equals("DECOMMISSIONING")) {
            LOG.info("Deployment job {} is being decommissioned", id);
            jobs.start(id);
        }
        return get(id);
    }

    @Override
    public Page<Deployment> list(String status, int limit, String cursor) {
        if (status != null && !Arrays.asList("WAITING_CONFIRMATION", "PENDING", "RUNNING", "COMPENSATING", "READY",
                "FAILED", "DECOMMISSIONING", "DECOMMISSIONED").contains(status)) {
            throw new ValidationException("status", "must be WAITING_CONFIRMATION, PENDING, RUNNING, COMPENSATING, "
                    + "READY, FAILED, DECOMMISSIONING or DECOMMISSIONED");
        }
        return jpa.txExpr(em -> {
            List<JobEntity> rows = em.createQuery("SELECT j FROM JobEntity j WHERE (:status IS NULL OR j.status = "
                    + ":status) AND (:cursor IS NULL OR j.id < :cursor) ORDER BY j.id DESC", JobEntity.class)
                    .setParameter("status", status).setParameter("cursor", cursor).setMaxResults(limit + 1)
                    .getResultList();
            List<Deployment> items = views(em, rows.subList(0, Math.min(limit, rows.size())));
            return new Page<>(items, rows.size() > limit ? rows.get(limit - 1).id : null);
        });
    }

    private static Deployment view(javax.persistence.EntityManager em, JobEntity j) {
        return views(em, List.of(j)).get(0);
    }

    /** The jobs with their companies, steps and instance (three queries, whatever the number of jobs). */
    private static List<Deployment> views(javax.persistence.EntityManager em, List<JobEntity> jobs) {
        if (jobs.isEmpty()) {
            return List.of();
        }
        List<String> ids = jobs.stream().map(j -> j.id).toList();
        Map<String, String> companies = new java.util.HashMap<>();
        for (RegistrationEntity r : em.createQuery("SELECT r FROM RegistrationEntity r WHERE r.id IN :ids",
                RegistrationEntity.class).setParameter("ids", jobs.stream().map(j -> j.registrationId).toList())
                .getResultList()) {
            companies.put(r.id, r.companyName);
        }
        Map<String, List<StepEntity>> steps = new java.util.HashMap<>();
        for (StepEntity s : em.createQuery("SELECT s FROM StepEntity s WHERE s.jobId IN :ids ORDER BY s.jobId, "
                + "s.ordinal", StepEntity.class).setParameter("ids", ids).getResultList()) {
            steps.computeIfAbsent(s.jobId, k -> new ArrayList<>()).add(s);
        }
        Map<String, Map<String, String>> resources = new java.util.HashMap<>();
        for (ResourceEntity res : em.createQuery("SELECT r FROM ResourceEntity r WHERE r.jobId IN :ids AND r.name IN "
                + ":names", ResourceEntity.class).setParameter("ids", ids).setParameter("names",
                        List.of(ProvisionContext.ENDPOINT, ProvisionContext.TENANT)).getResultList()) {
            resources.computeIfAbsent(res.jobId, k -> new java.util.HashMap<>()).put(res.name, res.content);
        }
        List<Deployment> out = new ArrayList<>(jobs.size());
        for (JobEntity j : jobs) {
            List<StepEntity> own = steps.getOrDefault(j.id, List.of());
            Map<String, String> made = resources.getOrDefault(j.id, Map.of());
            long done = own.stream().filter(s -> s.status.equals("DONE")).count();
            List<Deployment.Step> stepViews = own.stream().map(s -> new Deployment.Step(s.step, s.status, s.attempts,
                    s.startedAt, s.endedAt, s.log.isEmpty() ? List.of() : List.of(s.log.split("\n")))).toList();
            out.add(new Deployment(j.id, j.registrationId, companies.get(j.registrationId), j.region, j.provider,
                    j.status, j.currentStep, own.isEmpty() ? 0 : (int) (100 * done / own.size()), j.failureReason,
                    made.get(ProvisionContext.ENDPOINT), made.get(ProvisionContext.TENANT), j.createdAt, j.updatedAt,
                    j.readyAt, stepViews));
        }
        return out;
    }
}
