package io.dotmac.management.kubernetes.internal;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;

/**
 * The Kubernetes objects of one ISP's DotMac, in its own namespace {@code dotmac-<slug>}: a Secret (its first
 * operator's password and database settings, read by the image as environment variables), a ResourceQuota (the
 * tier's CPU and memory times its most replicas), the Deployment (the region's image, the tier's requests and
 * limits, readiness on {@code /api/v1/health}), a Service, an Ingress for {@code <slug>.<baseDomain>} whose
 * certificate cert-manager issues (annotation {@code cert-manager.io/cluster-issuer}), and a HorizontalPodAutoscaler
 * (the tier's least and most replicas and CPU target).
 */
final class Manifests {

    static final String NAME = "dotmac";
    static final int PORT = 8181;

    /** What the objects are made of. */
    record Isp(String namespace, String deploymentId, String host, String image, String clusterIssuer,
            String ingressClass, Map<String, String> sizing, Map<String, String> secret) {
        @Override
        public String toString() {
            return "Isp[" + namespace + ", " + host + ", " + image + "]";
        }
    }

    private Manifests() {
    }

    static Map<String, String> labels(Isp isp) {
        return Map.of("app.kubernetes.io/name", NAME, "app.kubernetes.io/part-of", "dotmac",
                "dotmac.io/deployment", isp.deploymentId());
    }

    static Namespace namespace(Isp isp) {
        return new NamespaceBuilder().withNewMetadata().withName(isp.namespace()).withLabels(labels(isp)).endMetadata()
                .build();
    }

    static Secret secret(Isp isp) {
        return new SecretBuilder().withNewMetadata().withName(NAME).withNamespace(isp.namespace())
                .withLabels(labels(isp)).endMetadata().withType("Opaque").withStringData(isp.secret()).build();
    }

    static ResourceQuota quota(Isp isp) {
        int most = replicas(isp, "k8s.maxReplicas", 1);
        Quantity cpu = Quantity.parse(isp.sizing().getOrDefault("cpu", "200m"));
        Quantity memory = Quantity.parse(isp.sizing().getOrDefault("memory", "512Mi"));
        // a rolling update runs one more pod for a moment
        String cpuTotal = cpuTimes(cpu, most + 1);
        String memoryTotal = memoryTimes(memory, most + 1);
        return new ResourceQuotaBuilder().withNewMetadata().withName(NAME).withNamespace(isp.namespace())
                .withLabels(labels(isp)).endMetadata().withNewSpec().withHard(Map.of(
                        "requests.cpu", new Quantity(cpuTotal), "limits.cpu", new Quantity(cpuTotal),
                        "requests.memory", new Quantity(memoryTotal), "limits.memory", new Quantity(memoryTotal),
                        "pods", new Quantity(String.valueOf(most + 1))))
                .endSpec().build();
    }

    /** CPU {@code q} times {@code n}, in millicores ({@code 200m} x 3 = {@code 600m}). */
    static String cpuTimes(Quantity q, int n) {
        return Quantity.getAmountInBytes(q).multiply(java.math.BigDecimal.valueOf(1000L * n)).stripTrailingZeros()
                .toPlainString() + "m";
    }

    /** Memory {@code q} times {@code n}, in MiB ({@code 512Mi} x 3 = {@code 1536Mi}). */
    static String memoryTimes(Quantity q, int n) {
        return Quantity.getAmountInBytes(q).multiply(java.math.BigDecimal.valueOf(n))
                .divide(java.math.BigDecimal.valueOf(1024L * 1024), 0, java.math.RoundingMode.CEILING).toPlainString()
                + "Mi";
    }

    static Deployment deployment(Isp isp) {
        Map<String, String> selector = Map.of("app.kubernetes.io/name", NAME);
        Quantity cpu = Quantity.parse(isp.sizing().getOrDefault("cpu", "200m"));
        Quantity memory = Quantity.parse(isp.sizing().getOrDefault("memory", "512Mi"));
        return new DeploymentBuilder().withNewMetadata().withName(NAME).withNamespace(isp.namespace())
                .withLabels(labels(isp)).endMetadata()
                .withNewSpec().withReplicas(replicas(isp, "k8s.minReplicas", 1)).withNewSelector()
                .withMatchLabels(selector).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels(isp)).endMetadata()
                .withNewSpec().addNewContainer().withName(NAME).withImage(isp.image())
                .addNewPort().withName("http").withContainerPort(PORT).endPort()
                .addNewEnvFrom().withNewSecretRef().withName(NAME).endSecretRef().endEnvFrom()
                .withNewResources().withRequests(Map.of("cpu", cpu, "memory", memory))
                .withLimits(Map.of("cpu", cpu, "memory", memory)).endResources()
                .withNewReadinessProbe().withNewHttpGet().withPath("/api/v1/health").withPort(new IntOrString(PORT))
                .endHttpGet().withPeriodSeconds(5).withFailureThreshold(3).endReadinessProbe()
                .withNewLivenessProbe().withNewTcpSocket().withPort(new IntOrString(PORT)).endTcpSocket()
                .withInitialDelaySeconds(120).withPeriodSeconds(20).endLivenessProbe()
                .endContainer().endSpec().endTemplate().endSpec().build();
    }

    static Service service(Isp isp) {
        return new ServiceBuilder().withNewMetadata().withName(NAME).withNamespace(isp.namespace())
                .withLabels(labels(isp)).endMetadata().withNewSpec()
                .withSelector(Map.of("app.kubernetes.io/name", NAME)).addNewPort().withName("http").withPort(80)
                .withTargetPort(new IntOrString(PORT)).endPort().endSpec().build();
    }

    static Ingress ingress(Isp isp) {
        IngressBuilder b = new IngressBuilder().withNewMetadata().withName(NAME).withNamespace(isp.namespace())
                .withLabels(labels(isp)).withAnnotations(Map.of("cert-manager.io/cluster-issuer", isp.clusterIssuer()))
                .endMetadata();
        return b.withNewSpec().withIngressClassName(isp.ingressClass().isEmpty() ? null : isp.ingressClass())
                .addNewTl().withHosts(isp.host()).withSecretName(NAME + "-tls").endTl()
                .addNewRule().withHost(isp.host()).withNewHttp().addNewPath().withPath("/").withPathType("Prefix")
                .withNewBackend().withNewService().withName(NAME).withNewPort().withNumber(80).endPort().endService()
                .endBackend().endPath().endHttp().endRule().endSpec().build();
    }

    static HorizontalPodAutoscaler autoscaler(Isp isp) {
        return new HorizontalPodAutoscalerBuilder().withNewMetadata().withName(NAME).withNamespace(isp.namespace())
                .withLabels(labels(isp)).endMetadata().withNewSpec().withNewScaleTargetRef().withApiVersion("apps/v1")
                .withKind("Deployment").withName(NAME).endScaleTargetRef()
                .withMinReplicas(replicas(isp, "k8s.minReplicas", 1)).withMaxReplicas(replicas(isp, "k8s.maxReplicas", 1))
                .addNewMetric().withType("Resource").withNewResource().withName("cpu").withNewTarget()
                .withType("Utilization").withAverageUtilization(replicas(isp, "k8s.cpuTarget", 80)).endTarget()
                .endResource().endMetric().endSpec().build();
    }

    /** What PROVISION applies, then what DEPLOY applies. */
    static List<HasMetadata> provisioned(Isp isp) {
        return List.of(namespace(isp), secret(isp), quota(isp));
    }

    static List<HasMetadata> deployed(Isp isp) {
        return List.of(deployment(isp), service(isp), ingress(isp), autoscaler(isp));
    }

    private static int replicas(Isp isp, String key, int fallback) {
        try {
            return Integer.parseInt(isp.sizing().getOrDefault(key, String.valueOf(fallback)).strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
