package io.dotmac.management.engine.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.apache.aries.jpa.template.JpaTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dotmac.management.DeploymentStep;
import io.dotmac.management.InstanceProvider;
import io.dotmac.management.IspRegistration;
import io.dotmac.management.ProvisionContext;
import io.dotmac.management.Region;
import io.dotmac.management.StepFailedException;

/**
 * Runs deployment jobs: each step of the job's provider in order, each attempt recorded before it starts; a step that
 * fails for now is tried again after a wait that doubles (up to {@code maxAttempts}); one that fails for good has
 * the completed steps compensated in reverse and the job ends {@code FAILED} with the reason. Everything is in the
 * database as it happens, so a job a crash or a stop interrupted is taken up again where it was when the engine next
 * starts ({@link #resumeAll}).
 *
 * <p>Once across nodes: a job runs on the node holding its lease ({@code deployment-job:<id>}, {@value #LEASE_SECONDS}
 * s, renewed every third of that while the job runs or waits for its next attempt here). Every node looks for open
 * jobs that nobody holds as often, so a job whose node stopped goes on elsewhere from its last recorded step, and a
 * node started again takes its own back at once.
 */
final class Jobs {

    private static final Logger LOG = LoggerFactory.getLogger(Jobs.class);
    static final List<String> OPEN = List.of("PENDING", "RUNNING", "COMPENSATING", "DECOMMISSIONING");
    static final String DECOMMISSIONED_BY_OPERATOR = "decommissioned by an operator";
    private static final int LOG_MAX = 19_000;
    static final int LEASE_SECONDS = 60;

    private final JpaTemplate jpa;
    private final Function<String, InstanceProvider> providers;
    private final Steps steps;
    private final Function<String, Region> regions;
    private final Function<String, IspRegistration> registrations;
    private final Function<String, java.util.Map<String, String>> sizing;
    private final io.dotmac.security.Secrets.Sealer sealer;
    private final java.security.SecureRandom random = new java.security.SecureRandom();
    private final int maxAttempts;
    private final long retryBaseMillis;
    private final ExecutorService workers;
    private final ScheduledExecutorService later;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    /** Jobs held here waiting for their next attempt (taken up by {@link #startLater}, not by a look). */
    private final Set<String> waiting = ConcurrentHashMap.newKeySet();
    private final io.dotmac.persistence.Leases leases;
    private final java.time.Duration lease = java.time.Duration.ofSeconds(LEASE_SECONDS);
    /** Told (topic of {@link io.dotmac.management.DeploymentEvents}, job id, registration id) as a job settles. */
    private final Settled settled;

    /** Hears that a job became READY or DECOMMISSIONED. */
    interface Settled {
        void settled(String topic, String jobId, String ispId);
    }

    Jobs(JpaTemplate jpa, Function<String, InstanceProvider> providers, Steps steps, Function<String, Region> regions,
            Function<String, IspRegistration> registrations, Function<String, java.util.Map<String, String>> sizing,
            io.dotmac.security.Secrets.Sealer sealer, ManagementConfig config, Settled settled,
            io.dotmac.persistence.Leases leases) {
        this.settled = settled;
        this.leases = leases;
        this.sizing = sizing;
        this.sealer = sealer;
        this.jpa = jpa;
        this.providers = providers;
        this.steps = steps;
        this.regions = regions;
        this.registrations = registrations;
        this.maxAttempts = Math.max(1, config.maxAttempts());
        this.retryBaseMillis = Math.max(1, config.retryBaseMillis());
        this.workers = Executors.newFixedThreadPool(Math.max(1, config.jobThreads()), r -> {
            Thread t = new Thread(r, "dotmac-deployment-job");
            t.setDaemon(true);
            return t;
        });
        this.later = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dotmac-deployment-retry");
            t.setDaemon(true);
            return t;
        });
    }

    void stop() {
        later.shutdownNow();
        workers.shutdownNow(); // a job interrupted here is taken up again at the next start
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Takes up every open job no node holds (left by a stop or a crash, here or on another node), now and every
     * third of the lease; renews the leases of the jobs held here as often.
     */
    void resumeAll() {
        long every = LEASE_SECONDS / 3;
        later.scheduleWithFixedDelay(this::look, 0, every, TimeUnit.SECONDS);
    }

    private void look() {
        try {
            for (String id : Set.copyOf(running)) {
                renew(id);
            }
            for (String id : Set.copyOf(waiting)) {
                renew(id);
            }
            List<String> open = jpa.txExpr(em -> em.createQuery(
                    "SELECT j.id FROM JobEntity j WHERE j.status IN :open ORDER BY j.id", String.class)
                    .setParameter("open", OPEN).getResultList());
            for (String id : open) {
                if (!running.contains(id) && !waiting.contains(id)) {
                    start(id);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not look for deployment jobs to take up: {}", e.toString());
        }
    }

    private void renew(String jobId) {
        if (!leases.acquire(leaseName(jobId), lease)) {
            LOG.warn("Deployment job {}: its lease went to another node", jobId);
        }
    }

    private static String leaseName(String jobId) {
        return "deployment-job:" + jobId;
    }

    /** Runs the job (now, on a worker) unless it runs already, here or on another node. */
    void start(String jobId) {
        if (!running.add(jobId)) {
            return;
        }
        waiting.remove(jobId);
        boolean held;
        try {
            held = leases.acquire(leaseName(jobId), lease);
        } catch (RuntimeException e) {
            running.remove(jobId);
            LOG.warn("Deployment job {} waits for the next look: {}", jobId, e.toString());
            return;
        }
        if (!held) {
            running.remove(jobId); // another node runs it
            return;
        }
        try {
            workers.execute(() -> {
                try {
                    run(jobId);
                } catch (RuntimeException e) {
                    LOG.error("Deployment job {} stopped on an unexpected error; it is taken up again at the next "
                            + "start", jobId, e);
                } finally {
                    running.remove(jobId);
                    if (!waiting.contains(jobId)) {
                        release(jobId);
                    }
                }
            });
        } catch (RejectedExecutionException stopping) {
            running.remove(jobId);
        }
    }

    private void release(String jobId) {
        try {
            leases.release(leaseName(jobId));
        } catch (RuntimeException e) {
            LOG.debug("Lease of deployment job {} not given up ({}); it runs out", jobId, e.toString());
        }
    }

    /** Runs the job again after {@code millis}, here: its lease stays with this node meanwhile. */
    private void startLater(String jobId, long millis) {
        waiting.add(jobId);
        try {
            later.schedule(() -> start(jobId), millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            waiting.remove(jobId); // taken up at the next start
        }
    }

    private void run(String jobId) {
        JobEntity job = jpa.txExpr(em -> em.find(JobEntity.class, jobId));
        if (job == null || !OPEN.contains(job.status)) {
            return;
        }
        InstanceProvider provider = providers.apply(job.provider);
        Region region = regions.apply(job.region);
        if (provider == null || region == null) {
            String why = provider == null ? "provider '" + job.provider + "' is not installed"
                    : "region '" + job.region + "' is no longer configured";
            note(jobId, null, "waiting: " + why);
            startLater(jobId, 5_000);
            return;
        }
        IspRegistration registration = registrations.apply(job.registrationId);
        Context context = new Context(jobId, job.registrationId, registration, region,
                sizing.apply(registration.commercial().tier()));
        if (job.status.equals("COMPENSATING")) {
            compensate(jobId, provider, context, job.failureReason, "FAILED");
            return;
        }
        if (job.status.equals("DECOMMISSIONING")) {
            compensate(jobId, provider, context, null, "DECOMMISSIONED");
            return;
        }
        setJob(jobId, "RUNNING", null, null);
        for (DeploymentStep step : DeploymentStep.values()) {
            StepEntity s = jpa.txExpr(em -> em.find(StepEntity.class, new StepEntity.Key(jobId, step.name())));
            if (s != null && s.status.equals("DONE")) {
                continue;
            }
            int attempt = begin(jobId, step);
            context.step = step;
            try {
                steps.run(provider, step, context);
                end(jobId, step, "DONE", "done");
            } catch (StepFailedException | RuntimeException e) {
                boolean permanent = e instanceof StepFailedException f && f.permanent();
                String reason = step + " failed: " + (e.getMessage() == null ? e.toString() : e.getMessage());
                if (Thread.currentThread().isInterrupted()) {
                    return; // stopping: taken up again at the next start
                }
                if (e instanceof RuntimeException) {
                    LOG.warn("Deployment job {}: step {} of provider {} failed unexpectedly", jobId, step, job.provider,
                            e);
                }
                if (permanent || attempt >= maxAttempts) {
                    end(jobId, step, "FAILED", reason + (permanent ? "" : " (attempt " + attempt + " of "
                            + maxAttempts + ")"));
                    LOG.warn("Deployment job {}: {}; compensating", jobId, reason);
                    compensate(jobId, provider, context, reason, "FAILED");
                } else {
                    long wait = Math.min(60_000, retryBaseMillis << Math.min(20, attempt - 1));
                    end(jobId, step, "PENDING", reason + "; attempt " + (attempt + 1) + " in " + wait + " ms");
                    startLater(jobId, wait);
                }
                return;
            }
        }
        Instant now = Instant.now();
        jpa.tx(em -> {
            JobEntity j = em.find(JobEntity.class, jobId);
            j.status = "READY";
            j.readyAt = now;
            j.updatedAt = now;
        });
        LOG.info("Deployment job {} ({}) is ready", jobId, job.provider);
        settled.settled(io.dotmac.management.DeploymentEvents.READY, jobId, context.ispId());
    }

    /**
     * Takes back each completed step, last first, and ends the job {@code FAILED} with {@code reason} (or, taken down
     * by an operator, {@code DECOMMISSIONED}).
     */
    private void compensate(String jobId, InstanceProvider provider, Context context, String reason, String end) {
        setJob(jobId, end.equals("FAILED") ? "COMPENSATING" : "DECOMMISSIONING", null, reason);
        // the completed steps, and the one that failed (what it made before it failed), last first
        List<DeploymentStep> done = new ArrayList<>();
        List<DeploymentStep> failed = new ArrayList<>();
        for (DeploymentStep step : DeploymentStep.values()) {
            StepEntity s = jpa.txExpr(em -> em.find(StepEntity.class, new StepEntity.Key(jobId, step.name())));
            if (s != null && (s.status.equals("DONE") || s.status.equals("FAILED"))) {
                done.add(0, step);
                if (s.status.equals("FAILED")) {
                    failed.add(step);
                }
            }
        }
        for (DeploymentStep step : done) {
            context.step = step;
            for (int attempt = 1;; attempt++) {
                try {
                    steps.compensate(provider, step, context);
                    if (failed.contains(step)) {
                        note(jobId, step, "what it made before it failed is taken back");
                    } else {
                        end(jobId, step, "COMPENSATED", "compensated");
                    }
                    break;
                } catch (StepFailedException | RuntimeException e) {
                    if (Thread.currentThread().isInterrupted()) {
                        return;
                    }
                    boolean permanent = e instanceof StepFailedException f && f.permanent();
                    if (!permanent && attempt < maxAttempts) {
                        long wait = Math.min(60_000, retryBaseMillis << Math.min(20, attempt - 1));
                        note(jobId, step, "taking back failed for now (" + e.getMessage() + "); again in " + wait
                                + " ms");
                        try {
                            Thread.sleep(wait);
                        } catch (InterruptedException stopping) {
                            Thread.currentThread().interrupt();
                            return; // taken up again at the next start
                        }
                        continue;
                    }
                    // left for the operator: the job says what could not be taken back
                    end(jobId, step, failed.contains(step) ? "FAILED" : "DONE", "could not be compensated: "
                            + e.getMessage());
                    LOG.error("Deployment job {}: step {} could not be compensated: {}", jobId, step,
                            e.getMessage());
                    break;
                }
            }
        }
        setJob(jobId, end, null, reason);
        if (end.equals("FAILED")) {
            // its domain may be registered again
            jpa.tx(em -> em.createNativeQuery("DELETE FROM dotmac_mg_domain WHERE registration_id = ?1")
                    .setParameter(1, context.ispId()).executeUpdate());
        }
        if (end.equals("DECOMMISSIONED")) {
            LOG.info("Deployment job {} is decommissioned", jobId);
            settled.settled(io.dotmac.management.DeploymentEvents.DECOMMISSIONED, jobId, context.ispId());
        }
    }

    /** Marks an attempt of the step as started; its number. */
    private int begin(String jobId, DeploymentStep step) {
        Instant now = Instant.now();
        return jpa.txExpr(em -> {
            StepEntity s = em.find(StepEntity.class, new StepEntity.Key(jobId, step.name()));
            s.status = "RUNNING";
            s.attempts++;
            if (s.startedAt == null) {
                s.startedAt = now;
            }
            s.log = append(s.log, now + " attempt " + s.attempts);
            JobEntity j = em.find(JobEntity.class, jobId);
            j.currentStep = step.name();
            j.updatedAt = now;
            return s.attempts;
        });
    }

    private void end(String jobId, DeploymentStep step, String status, String line) {
        Instant now = Instant.now();
        jpa.tx(em -> {
            StepEntity s = em.find(StepEntity.class, new StepEntity.Key(jobId, step.name()));
            s.status = status;
            if (!status.equals("PENDING")) {
                s.endedAt = now;
            }
            s.log = append(s.log, now + " " + line);
            em.find(JobEntity.class, jobId).updatedAt = now;
        });
    }

    private void setJob(String jobId, String status, String step, String reason) {
        Instant now = Instant.now();
        jpa.tx(em -> {
            JobEntity j = em.find(JobEntity.class, jobId);
            j.status = status;
            if (step != null) {
                j.currentStep = step;
            }
            if (reason != null) {
                j.failureReason = reason.length() > 2000 ? reason.substring(0, 2000) : reason;
            }
            j.updatedAt = now;
        });
    }

    /** A line in the current step's log (or, before any, the first step's). */
    private void note(String jobId, DeploymentStep step, String line) {
        DeploymentStep at = step == null ? DeploymentStep.values()[0] : step;
        Instant now = Instant.now();
        jpa.tx(em -> {
            StepEntity s = em.find(StepEntity.class, new StepEntity.Key(jobId, at.name()));
            if (s != null && !s.log.endsWith(line)) {
                s.log = append(s.log, now + " " + line);
            }
        });
    }

    static String append(String log, String line) {
        String out = log.isEmpty() ? line : log + "\n" + line;
        return out.length() <= LOG_MAX ? out : out.substring(out.length() - LOG_MAX);
    }

    /** What a provider's step sees. */
    private final class Context implements ProvisionContext {
        private final String jobId;
        private final String ispId;
        private final IspRegistration registration;
        private final Region region;
        private final java.util.Map<String, String> sizing;
        volatile DeploymentStep step;

        Context(String jobId, String ispId, IspRegistration registration, Region region,
                java.util.Map<String, String> sizing) {
            this.jobId = jobId;
            this.ispId = ispId;
            this.registration = registration;
            this.region = region;
            this.sizing = sizing;
        }

        @Override
        public java.util.Map<String, String> sizing() {
            return sizing;
        }

        @Override
        public String deploymentId() {
            return jobId;
        }

        @Override
        public String ispId() {
            return ispId;
        }

        @Override
        public IspRegistration registration() {
            return registration;
        }

        @Override
        public Region region() {
            return region;
        }

        @Override
        public Optional<String> resource(String key) {
            return Optional.ofNullable(jpa.txExpr(em -> {
                ResourceEntity r = em.find(ResourceEntity.class, new ResourceEntity.Key(jobId, key));
                return r == null ? null : r.content;
            }));
        }

        @Override
        public void record(String key, String value) {
            jpa.tx(em -> {
                ResourceEntity r = em.find(ResourceEntity.class, new ResourceEntity.Key(jobId, key));
                if (value == null) {
                    if (r != null) {
                        em.remove(r);
                    }
                } else if (r == null) {
                    em.persist(new ResourceEntity(jobId, key, value));
                } else {
                    r.content = value;
                }
            });
        }

        @Override
        public String secret(String key) {
            Optional<String> kept = keptSecret(key);
            if (kept.isPresent()) {
                return kept.get();
            }
            final String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
            StringBuilder b = new StringBuilder(24);
            for (int i = 0; i < 24; i++) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            record(key, sealer.seal(b.toString()));
            return b.toString();
        }

        @Override
        public Optional<String> keptSecret(String key) {
            return resource(key).map(sealer::open);
        }

        @Override
        public void log(String line) {
            note(jobId, step, line);
        }
    }
}
