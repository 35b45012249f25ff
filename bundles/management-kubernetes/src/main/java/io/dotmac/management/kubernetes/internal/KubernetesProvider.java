package io.dotmac.management.kubernetes.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import io.dotmac.management.DeploymentStep;
import io.dotmac.management.InstanceProvider;
import io.dotmac.management.IspInstances;
import io.dotmac.management.ProvisionContext;
import io.dotmac.management.StepFailedException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * The {@code kubernetes} provider: the ISP's DotMac in a namespace of its own on the region's cluster
 * ({@link Manifests}), applied with the fabric8 client (create, or update what is there: each step may run again)
 * and written as YAML to {@code manifestsDir/<namespace>/} for {@code kubectl apply -f}. PROVISION applies the
 * namespace, the Secret and the ResourceQuota; DEPLOY the Deployment, Service, Ingress and HorizontalPodAutoscaler,
 * then waits for a ready replica and for the ISP's DotMac to answer at {@code instanceUrl} ({@code https://{host}});
 * the Ingress's certificate is cert-manager's (CONFIGURE_TLS waits for nothing more). Compensating PROVISION deletes
 * the namespace (and with it everything in it) and its folder.
 *
 * <p>Region settings: {@code apiServer} and {@code token} (empty: the client's own configuration: kubeconfig, or the
 * pod's service account), {@code image}, {@code baseDomain}, {@code clusterIssuer} ({@code letsencrypt}),
 * {@code ingressClass}, {@code ingressAddress} (the ingress controller's public address, for the region's DNS
 * provider), {@code databaseUrl}/{@code databaseUser}/{@code databasePassword} (the ISP's data source, {@code {slug}}
 * replaced; empty: the image's embedded database), {@code manifestsDir}, {@code pollMillis},
 * {@code startTimeoutSeconds}.
 */
@Component(property = InstanceProvider.PROVIDER_PROPERTY + "=kubernetes")
public class KubernetesProvider implements InstanceProvider {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(KubernetesProvider.class);

    static final String NAMESPACE = "k8sNamespace";
    static final String OPERATOR_PASSWORD = "operatorPassword";

    private final IspInstances isp;
    private final Map<Map<String, String>, KubernetesClient> clients = new ConcurrentHashMap<>();

    @Activate
    public KubernetesProvider(@Reference IspInstances isp) {
        this.isp = isp;
    }

    @Deactivate
    void deactivate() {
        clients.values().forEach(KubernetesClient::close);
        clients.clear();
    }

    @Override
    public void run(DeploymentStep step, ProvisionContext context) throws StepFailedException {
        switch (step) {
        case PROVISION -> apply(context, Manifests.provisioned(isp(context)));
        case DEPLOY -> deploy(context);
        case CONFIGURE_TLS -> context.log("cert-manager issues the Ingress's certificate (secret "
                + Manifests.NAME + "-tls, issuer " + settings(context).getOrDefault("clusterIssuer", "letsencrypt")
                + ")");
        case INITIALIZE_TENANT -> isp.initializeTenant(context, url(context), context.keptSecret(OPERATOR_PASSWORD)
                .orElseThrow(() -> new StepFailedException("the operator password is gone", true)));
        case VALIDATE -> isp.validate(context, url(context));
        case WELCOME -> isp.welcome(context, isp.portalUrl(context, url(context)));
        default -> {
            // CONFIGURE_DNS: the region's DNS provider (setting dns), or external-dns in the cluster
        }
        }
    }

    private static Map<String, String> settings(ProvisionContext context) {
        return context.region().settings();
    }

    private static String namespace(ProvisionContext context) {
        return "dotmac-" + context.registration().suggestedSlug();
    }

    private static String host(ProvisionContext context) throws StepFailedException {
        String base = settings(context).getOrDefault("baseDomain", "");
        if (base.isEmpty()) {
            throw new StepFailedException("region " + context.region().name() + " has no baseDomain for the "
                    + "Ingress", true);
        }
        return context.registration().suggestedSlug() + "." + base.replaceAll("^\\.|\\.$", "");
    }

    /** Where the ISP's DotMac answers ({@code instanceUrl}, default {@code https://{host}}: its Ingress). */
    private String url(ProvisionContext context) throws StepFailedException {
        host(context); // the Ingress needs the baseDomain
        return isp.instanceUrl(context, "https://{host}");
    }

    private Manifests.Isp isp(ProvisionContext context) throws StepFailedException {
        Map<String, String> s = settings(context);
        String image = s.getOrDefault("image", "");
        if (image.isEmpty()) {
            throw new StepFailedException("region " + context.region().name() + " has no image", true);
        }
        String slug = context.registration().suggestedSlug();
        String operator = context.secret(OPERATOR_PASSWORD);
        Map<String, String> secret = new LinkedHashMap<>();
        secret.put("DOTMAC_ADMIN_PASSWORD", operator);
        if (!s.getOrDefault("databaseUrl", "").isEmpty()) {
            secret.put("DOTMAC_DB_URL", s.get("databaseUrl").replace("{slug}", slug));
            secret.put("DOTMAC_DB_USER", s.getOrDefault("databaseUser", "").replace("{slug}", slug));
            secret.put("DOTMAC_DB_PASSWORD", s.getOrDefault("databasePassword", ""));
        }
        context.record(NAMESPACE, namespace(context));
        return new Manifests.Isp(namespace(context), context.deploymentId(), host(context), image,
                s.getOrDefault("clusterIssuer", "letsencrypt"), s.getOrDefault("ingressClass", ""), context.sizing(),
                secret);
    }

    /** Writes the objects to the manifests folder, then creates each (or updates it when it exists). */
    private void apply(ProvisionContext context, List<HasMetadata> objects) throws StepFailedException {
        Path dir = manifests(context);
        try {
            Files.createDirectories(dir);
            for (HasMetadata o : objects) {
                String file = o.getKind().toLowerCase(java.util.Locale.ROOT) + ".yaml";
                String yaml = Serialization.asYaml(o);
                if (o.getKind().equals("Secret")) {
                    yaml = "# the Secret's values are not written here: the management platform applied it\n";
                }
                Files.writeString(dir.resolve(file), yaml);
            }
        } catch (IOException e) {
            throw new StepFailedException("the manifests could not be written to " + dir + ": " + e.getMessage(),
                    false, e);
        }
        KubernetesClient k8s = client(context);
        try {
            for (HasMetadata o : objects) {
                k8s.resource(o).createOr(NonDeletingOperation::update);
                context.log(o.getKind() + " " + (o.getMetadata().getNamespace() == null ? ""
                        : o.getMetadata().getNamespace() + "/") + o.getMetadata().getName() + " applied");
            }
        } catch (KubernetesClientException e) {
            throw failure("the cluster refused the ISP's objects", e);
        }
    }

    private void deploy(ProvisionContext context) throws StepFailedException {
        Manifests.Isp objects = isp(context);
        apply(context, Manifests.deployed(objects));
        KubernetesClient k8s = client(context);
        Map<String, String> s = settings(context);
        long pause = Long.parseLong(s.getOrDefault("pollMillis", "2000"));
        long deadline = System.currentTimeMillis() + Long.parseLong(s.getOrDefault("startTimeoutSeconds", "600"))
                * 1000;
        try {
            while (true) {
                Deployment d = k8s.apps().deployments().inNamespace(objects.namespace()).withName(Manifests.NAME)
                        .get();
                Integer ready = d == null || d.getStatus() == null ? null : d.getStatus().getReadyReplicas();
                if (ready != null && ready > 0) {
                    context.log("Deployment " + objects.namespace() + "/" + Manifests.NAME + ": " + ready
                            + " replica(s) ready");
                    break;
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new StepFailedException("no replica of " + objects.namespace() + "/" + Manifests.NAME
                            + " ready in time", false);
                }
                pause(pause);
            }
            var ingress = k8s.network().v1().ingresses().inNamespace(objects.namespace()).withName(Manifests.NAME)
                    .get();
            Optional<String> address = Optional.ofNullable(ingress).map(i -> i.getStatus())
                    .map(st -> st.getLoadBalancer()).map(lb -> lb.getIngress()).filter(l -> !l.isEmpty())
                    .map(l -> l.get(0).getIp() != null ? l.get(0).getIp() : l.get(0).getHostname());
            Optional<String> fallback = Optional.ofNullable(s.get("ingressAddress")).filter(a -> !a.isBlank());
            address.or(() -> fallback).ifPresent(a -> context.record(ProvisionContext.ADDRESS, a));
        } catch (KubernetesClientException e) {
            throw failure("the cluster does not answer", e);
        }
        Duration waited = isp.awaitHealthy(context, url(context), Duration.ofMillis(Math.max(1000,
                deadline - System.currentTimeMillis())), () -> true);
        context.log("DotMac answers at " + url(context) + " (health 200 after " + waited.toMillis() + " ms)");
    }

    @Override
    public void compensate(DeploymentStep step, ProvisionContext context) throws StepFailedException {
        if (step == DeploymentStep.INITIALIZE_TENANT) {
            isp.forget(context);
            return;
        }
        if (step != DeploymentStep.PROVISION) {
            return; // the namespace takes everything in it along
        }
        String ns = context.resource(NAMESPACE).orElse(null);
        if (ns != null) {
            try {
                client(context).namespaces().withName(ns).delete();
                context.log("namespace " + ns + " deleted (with everything in it)");
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw failure("namespace " + ns + " could not be deleted", e);
                }
            }
            deleteTree(manifests(context));
            context.record(NAMESPACE, null);
        }
        context.record(OPERATOR_PASSWORD, null);
    }

    private static Path manifests(ProvisionContext context) {
        String dir = settings(context).getOrDefault("manifestsDir", "");
        Path base = dir.isEmpty() ? Path.of(System.getProperty("karaf.data", "data"), "management", "kubernetes")
                : Path.of(dir);
        return base.resolve(namespace(context));
    }

    private KubernetesClient client(ProvisionContext context) {
        return clients.computeIfAbsent(settings(context), s -> {
            ConfigBuilder config = new ConfigBuilder(s.getOrDefault("apiServer", "").isEmpty() ? Config.autoConfigure(null)
                    : Config.empty());
            if (!s.getOrDefault("apiServer", "").isEmpty()) {
                config.withMasterUrl(s.get("apiServer"));
            }
            if (!s.getOrDefault("token", "").isEmpty()) {
                config.withOauthToken(s.get("token"));
            }
            config.withTrustCerts(Boolean.parseBoolean(s.getOrDefault("trustCerts", "false")))
                    .withRequestTimeout(30_000).withConnectionTimeout(10_000);
            return new KubernetesClientBuilder().withConfig(config.build())
                    .withHttpClientFactory(new JdkHttpClientFactory()).build();
        });
    }

    /** A refusal (4xx but conflict and throttling) fails for good; the rest for now. */
    private static StepFailedException failure(String what, KubernetesClientException e) {
        int code = e.getCode();
        if (code <= 0) {
            LOG.warn("Kubernetes: {}", what, e);
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new StepFailedException(what + " (" + cause + ")", false, e);
        }
        boolean permanent = code >= 400 && code < 500 && code != 409 && code != 429;
        return new StepFailedException(what + " (" + (code == 0 ? e.getMessage() : code + " "
                + (e.getStatus() == null ? e.getMessage() : e.getStatus().getMessage())) + ")", permanent, e);
    }

    private static void pause(long millis) throws StepFailedException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailedException("interrupted", false, e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // left for the operator
        }
    }
}
