package io.dotmac.management.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

/**
 * {@code docs/ops/kubernetes}: every object is a well-formed Kubernetes object of its kind that a (fake) API server
 * accepts, each tier's overlay is that tier's row of the sizing table, the probes are health (readiness) and ping
 * (liveness), the selectors meet, and every environment variable names a key the distribution's configuration has
 * (Karaf applies {@code <PID>_<KEY>} over that key only), every secret it reads is in the example.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubernetesManifestsTest {

    /** The repository's root: this module is bundles/management-engine. */
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent().getParent();
    private static final Path DIR = ROOT.resolve("docs/ops/kubernetes");

    private KubernetesMockServer server;
    private KubernetesClient client;

    @BeforeAll
    void start() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init();
        client = server.createClient();
    }

    @AfterAll
    void stop() {
        client.close();
        server.destroy();
    }

    @Test
    void eachTiersObjectsAreAcceptedByAnApiServer() throws IOException {
        for (String tier : Sizing.TIERS) {
            String namespace = "dotmac-" + tier.toLowerCase();
            List<HasMetadata> objects = new ArrayList<>(load(DIR.resolve("base/deployment.yaml")));
            objects.addAll(load(DIR.resolve("base/service.yaml")));
            objects.addAll(load(DIR.resolve("base/pdb.yaml")));
            objects.addAll(load(overlay(tier).resolve("hpa.yaml")));
            objects.addAll(load(DIR.resolve("secret.example.yaml")));
            for (HasMetadata o : objects) {
                o.getMetadata().setNamespace(namespace);
                client.resource(o).create();
            }
            assertNotNull(client.apps().deployments().inNamespace(namespace).withName("dotmac").get());
            assertNotNull(client.services().inNamespace(namespace).withName("dotmac").get());
            assertNotNull(client.policy().v1().podDisruptionBudget().inNamespace(namespace).withName("dotmac").get());
            assertNotNull(client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(namespace)
                    .withName("dotmac").get());
            assertEquals(2, client.secrets().inNamespace(namespace).list().getItems().size());
        }
    }

    @Test
    void eachOverlayIsItsTiersRowOfTheSizingTable() throws IOException {
        Map<String, Map<String, String>> table = Sizing.table(Map.of());
        for (String tier : Sizing.TIERS) {
            Map<String, String> row = table.get(tier);
            String kustomization = Files.readString(overlay(tier).resolve("kustomization.yaml"));
            assertTrue(kustomization.contains("- ../../base") && kustomization.contains("- hpa.yaml")
                    && kustomization.contains("path: deployment.yaml"), tier + ": " + kustomization);

            HorizontalPodAutoscaler hpa = one(overlay(tier).resolve("hpa.yaml"), HorizontalPodAutoscaler.class);
            assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind());
            assertEquals("dotmac", hpa.getSpec().getScaleTargetRef().getName());
            assertEquals(Integer.valueOf(row.get("k8s.minReplicas")), hpa.getSpec().getMinReplicas(), tier);
            assertEquals(Integer.valueOf(row.get("k8s.maxReplicas")), hpa.getSpec().getMaxReplicas(), tier);
            assertEquals(1, hpa.getSpec().getMetrics().size());
            assertEquals("cpu", hpa.getSpec().getMetrics().get(0).getResource().getName());
            assertEquals(Integer.valueOf(row.get("k8s.cpuTarget")), hpa.getSpec().getMetrics().get(0).getResource()
                    .getTarget().getAverageUtilization(), tier);

            Deployment patch = one(overlay(tier).resolve("deployment.yaml"), Deployment.class);
            assertEquals("dotmac", patch.getMetadata().getName());
            assertEquals(hpa.getSpec().getMinReplicas(), patch.getSpec().getReplicas(), tier);
            Container c = patch.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertEquals("dotmac", c.getName(), "the patch meets the base's container by name");
            for (Map<String, Quantity> side : List.of(c.getResources().getRequests(), c.getResources().getLimits())) {
                assertEquals(new Quantity(row.get("cpu")), side.get("cpu"), tier);
                assertEquals(new Quantity(row.get("memory")), side.get("memory"), tier);
            }
        }
    }

    @Test
    void probesSelectorsAndPortsMeet() throws IOException {
        Deployment d = one(DIR.resolve("base/deployment.yaml"), Deployment.class);
        Map<String, String> pods = d.getSpec().getTemplate().getMetadata().getLabels();
        assertTrue(pods.entrySet().containsAll(d.getSpec().getSelector().getMatchLabels().entrySet()));
        Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals(8181, c.getPorts().get(0).getContainerPort());
        assertEquals("http", c.getPorts().get(0).getName());
        assertProbe(c.getReadinessProbe(), "/api/v1/health");
        assertProbe(c.getLivenessProbe(), "/api/v1/ping");
        assertProbe(c.getStartupProbe(), "/api/v1/ping");
        assertEquals(0, d.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal());

        Service s = one(DIR.resolve("base/service.yaml"), Service.class);
        assertTrue(pods.entrySet().containsAll(s.getSpec().getSelector().entrySet()));
        assertEquals("http", s.getSpec().getPorts().get(0).getTargetPort().getStrVal());

        PodDisruptionBudget pdb = one(DIR.resolve("base/pdb.yaml"), PodDisruptionBudget.class);
        assertTrue(pods.entrySet().containsAll(pdb.getSpec().getSelector().getMatchLabels().entrySet()));
        assertEquals(1, pdb.getSpec().getMaxUnavailable().getIntVal());
    }

    private static void assertProbe(Probe probe, String path) {
        assertNotNull(probe, path);
        assertEquals(path, probe.getHttpGet().getPath());
        assertEquals("http", probe.getHttpGet().getPort().getStrVal());
    }

    @Test
    void everySettingNamesAKeyOfTheDistributionsConfigurationAndEverySecretIsInTheExample() throws IOException {
        // what Karaf would override: <PID>_<KEY>, upper case, '.', '-' and '~' as '_', for each key a file has
        Set<String> overridable = new HashSet<>();
        try (var files = Files.list(ROOT.resolve("config"))) {
            for (Path cfg : files.filter(f -> f.toString().endsWith(".cfg")).toList()) {
                String pid = cfg.getFileName().toString().replaceAll("\\.cfg$", "");
                Properties p = new Properties();
                try (InputStream in = Files.newInputStream(cfg)) {
                    p.load(in);
                }
                for (String key : p.stringPropertyNames()) {
                    overridable.add((pid + "." + key).toUpperCase().replaceAll("\\.", "_").replace("-", "_")
                            .replace("~", "_"));
                }
            }
        }
        Map<String, Set<String>> secrets = new HashMap<>();
        for (HasMetadata o : load(DIR.resolve("secret.example.yaml"))) {
            Secret secret = (Secret) o;
            secrets.put(secret.getMetadata().getName(), secret.getStringData().keySet());
        }
        Container c = one(DIR.resolve("base/deployment.yaml"), Deployment.class).getSpec().getTemplate().getSpec()
                .getContainers().get(0);
        for (EnvVar e : c.getEnv()) {
            assertTrue(overridable.contains(e.getName()) || e.getName().equals("DOTMAC_ADMIN_PASSWORD"),
                    e.getName() + " names no key of config/*.cfg: Karaf would ignore it");
            if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                var ref = e.getValueFrom().getSecretKeyRef();
                assertTrue(secrets.getOrDefault(ref.getName(), Set.of()).contains(ref.getKey()),
                        e.getName() + ": " + ref.getName() + "/" + ref.getKey() + " is not in secret.example.yaml");
            }
        }
        // the keys every node shares: each key file the distribution uses, from Secret dotmac-keys
        Set<String> keyFiles = new HashSet<>(Set.of(ManagementService.KEY_FILE));
        try (var files = Files.list(ROOT.resolve("config"))) {
            for (Path cfg : files.filter(f -> f.toString().endsWith(".cfg")).toList()) {
                for (String line : Files.readAllLines(cfg, StandardCharsets.UTF_8)) {
                    if (line.matches("\\s*keyFile\\s*=.*")) {
                        keyFiles.add(line.substring(line.indexOf('=') + 1).strip());
                    }
                }
            }
        }
        Set<String> mounted = new HashSet<>();
        for (VolumeMount m : c.getVolumeMounts()) {
            if (m.getName().equals("keys")) {
                assertEquals("/opt/dotmac/etc/" + m.getSubPath(), m.getMountPath());
                mounted.add(m.getSubPath());
            }
        }
        assertEquals(keyFiles, mounted);
        assertEquals(keyFiles, secrets.get("dotmac-keys"));
    }

    private static Path overlay(String tier) {
        return DIR.resolve("overlays").resolve(tier.toLowerCase());
    }

    private static List<HasMetadata> load(Path file) throws IOException {
        List<HasMetadata> out = new ArrayList<>();
        for (String doc : Files.readString(file, StandardCharsets.UTF_8).split("(?m)^---\\s*$")) {
            if (!doc.replaceAll("(?m)^\\s*#.*$", "").isBlank()) {
                HasMetadata o = Serialization.unmarshal(doc);
                assertNotNull(o.getApiVersion(), file.toString());
                assertNotNull(o.getMetadata().getName(), file.toString());
                out.add(o);
            }
        }
        return out;
    }

    private static <T extends HasMetadata> T one(Path file, Class<T> type) throws IOException {
        List<HasMetadata> objects = load(file);
        assertEquals(1, objects.size(), file.toString());
        assertTrue(type.isInstance(objects.get(0)), file + " holds a " + objects.get(0).getKind());
        return type.cast(objects.get(0));
    }
}
