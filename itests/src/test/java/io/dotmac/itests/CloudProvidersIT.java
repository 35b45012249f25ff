package io.dotmac.itests;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * The cloud providers in one booted distribution (features {@code dotmac-management-aws} and
 * {@code dotmac-management-digitalocean} installed at runtime), each against a local fake of its API in WireMock.
 *
 * <p>The {@code aws} provider with Route 53 DNS and ACM certificates, against a local fake of the AWS endpoints: WireMock serving
 * EC2's and RDS's query/XML, Route 53's REST/XML and ACM's JSON 1.1 wire formats, the SDK pointed at it with the
 * region's {@code endpoint}; the ISP instance's own REST API is faked there too (its address is a documentation IP).
 * A DEDICATED registration runs to READY (its RunInstances throttled once and retried by the SDK with the same client
 * token; the tier's sizes in the requests; the instance's user data carries the database's endpoint; the ISP's name
 * and the certificate's validation record in Route 53); a refused RDS create fails the job for good at PROVISION; a
 * refused certificate fails it at CONFIGURE_TLS and everything before is taken back: the DNS record deleted, the
 * instance terminated, the database deleted.
 *
 * <p>The {@code digitalocean} provider with DigitalOcean DNS, against a fake of DigitalOcean's REST API (v2): ready
 * with its droplet's create rate-limited once (429, waited out and asked again), the tier's sizes and the first-boot
 * script in the requests, the ISP's name as an A record of the region's domain; a droplet DigitalOcean refuses (422)
 * fails the job for good, and the database made before it is deleted.
 *
 * <p>The {@code kubernetes} provider against fabric8's mock API server in CRUD mode (this test acts as the cluster's
 * controller: it marks each Deployment's replica ready): the ISP's namespace with its Secret, ResourceQuota,
 * Deployment, Service, Ingress (cert-manager's annotation, TLS) and HorizontalPodAutoscaler, sized from the tier's row;
 * the manifests in the folder for {@code kubectl apply}; decommissioned, the namespace and the folder are gone.
 */
class CloudProvidersIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_PASSWORD = "cloud-providers-admin-1";
    private static final String RDS_NS = "http://rds.amazonaws.com/doc/2014-10-31/";
    private static final String EC2_NS = "http://ec2.amazonaws.com/doc/2016-11-15/";

    private final HttpClient http = KarafProcess.http();
    private KarafProcess.Booted karaf;
    private GreenMail smtp;
    private WireMockServer aws;
    private KubernetesMockServer cluster;
    private volatile boolean controlling = true;
    private final java.util.Map<String, String[]> confirmed = new java.util.concurrent.ConcurrentHashMap<>();

    @AfterEach
    void stop() throws Exception {
        if (karaf != null) {
            KarafProcess.stop(karaf.home());
        }
        if (smtp != null) {
            smtp.stop();
        }
        if (aws != null) {
            aws.stop();
        }
        controlling = false;
        if (cluster != null) {
            cluster.destroy();
        }
    }

    @Test
    void dedicatedIspsOnAwsDigitalOceanAndKubernetesAreReadyAndFailuresAreTakenBack() throws Exception {
        aws = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        aws.start();
        stubAws();
        stubDigitalOcean();
        cluster = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        cluster.init(InetAddress.getByName("127.0.0.1"), 0);
        KubernetesClient k8s = cluster.createClient();
        Thread controller = new Thread(() -> controller(k8s), "test-cluster-controller");
        controller.setDaemon(true);
        controller.start();
        smtp = new GreenMail(new ServerSetup(DotMacTestSupport.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        String endpoint = "http://127.0.0.1:" + aws.port();
        karaf = KarafProcess.boot("cloud-providers", ADMIN_PASSWORD, home -> {
            KarafProcess.set(home.resolve("etc/io.dotmac.notifications.email.cfg"), "smtpPort",
                    String.valueOf(smtp.getSmtp().getPort()));
            KarafProcess.set(home.resolve("etc/io.dotmac.notifications.email.cfg"), "pollMillis", "200");
            KarafProcess.set(home.resolve("etc/io.dotmac.management.cfg"), "regions",
                    "local, aws-test, do-test, k8s-test");
            KarafProcess.set(home.resolve("etc/io.dotmac.management.cfg"), "maxAttempts", "2");
            KarafProcess.set(home.resolve("etc/io.dotmac.management.cfg"), "retryBaseMillis", "200");
            Files.writeString(home.resolve("etc/io.dotmac.management.cfg"), "\nregion.aws-test.provider = aws\n"
                    + "region.aws-test.description = Frankfurt, on AWS\nregion.aws-test.awsRegion = eu-central-1\n"
                    + "region.aws-test.accessKeyId = AKIDEXAMPLE\nregion.aws-test.secretAccessKey = fake-secret\n"
                    + "region.aws-test.endpoint = " + endpoint + "\nregion.aws-test.launchTemplate = dotmac-isp\n"
                    + "region.aws-test.instanceUrl = " + endpoint + "/isp/{address}\n"
                    + "region.aws-test.dns = route53\nregion.aws-test.hostedZoneId = Z0EXAMPLE\n"
                    + "region.aws-test.tls = acm\nregion.aws-test.baseDomain = aws.example.test\n"
                    + "region.aws-test.pollMillis = 100\n"
                    + "region.do-test.provider = digitalocean\nregion.do-test.description = Amsterdam, on DigitalOcean\n"
                    + "region.do-test.apiUrl = " + endpoint + "\nregion.do-test.apiToken = dop_v1_fake\n"
                    + "region.do-test.doRegion = ams3\nregion.do-test.image = 171717171\n"
                    + "region.do-test.instanceUrl = " + endpoint + "/isp/{address}\nregion.do-test.dns = digitalocean\n"
                    + "region.do-test.tls = manual\nregion.do-test.baseDomain = do.example.test\n"
                    + "region.do-test.pollMillis = 100\n"
                    + "region.k8s-test.provider = kubernetes\nregion.k8s-test.description = Our cluster\n"
                    + "region.k8s-test.apiServer = http://127.0.0.1:" + cluster.getPort() + "\n"
                    + "region.k8s-test.token = fake-token\nregion.k8s-test.image = registry.example.test/dotmac:0.1.0\n"
                    + "region.k8s-test.baseDomain = k8s.example.test\nregion.k8s-test.clusterIssuer = letsencrypt-prod\n"
                    + "region.k8s-test.ingressClass = nginx\nregion.k8s-test.ingressAddress = 192.0.2.50\n"
                    + "region.k8s-test.dns = manual\nregion.k8s-test.instanceUrl = " + endpoint + "/isp/{host}\n"
                    + "region.k8s-test.pollMillis = 100\n", StandardOpenOption.APPEND);
        });
        int port = karaf.port();
        String admin = JSON.readTree(KarafProcess.post(http, port, "/api/v1/auth/token", "{\"username\":\"admin\","
                + "\"password\":\"" + ADMIN_PASSWORD + "\"}", null).body()).path("access_token").asText();
        KarafProcess.shell(karaf.home(), "feature:install -r dotmac-management-aws dotmac-management-digitalocean "
                + "dotmac-management-kubernetes");
        for (long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos(); System.nanoTime() < deadline;) {
            HttpResponse<String> regions = KarafProcess.get(http, port, "/api/v1/isp/regions", null);
            if (regions.statusCode() == 200 && regions.body().contains("\"provider\":\"kubernetes\"")) {
                break;
            }
            Thread.sleep(200);
        }
        assertEquals(201, KarafProcess.post(http, port, "/api/v1/tenants", "{\"name\":\"DotMac\",\"slug\":"
                + "\"platform\",\"tier\":\"ENTERPRISE\",\"admin\":{\"username\":\"ops\",\"email\":\"ops@dotmac.test\","
                + "\"password\":\"platform-pass-1\"}}", admin).statusCode());

        // READY, the RunInstances throttled once and retried by the SDK with the same client token
        String happy = registerAndConfirm("aws-happy.example.com", "PREMIUM");
        JsonNode job = awaitEnd(port, admin, happy);
        assertEquals("READY", job.path("status").asText(), job.toString());
        assertEquals(endpoint + "/isp/203.0.113.10/api/v1", job.path("endpoint").asText(), job.toString());
        assertEquals("aws-happy", job.path("tenant").asText());
        List<LoggedRequest> runs = requests("Action=RunInstances", "dotmac-aws-happy");
        assertEquals(2, runs.size(), "throttled once, then accepted");
        assertEquals(form(runs.get(0), "ClientToken"), form(runs.get(1), "ClientToken"));
        assertEquals(happy, form(runs.get(1), "ClientToken"));
        assertEquals("t3.medium", form(runs.get(1), "InstanceType"), "the PREMIUM row of the sizing table");
        assertEquals("dotmac-isp", form(runs.get(1), "LaunchTemplate.LaunchTemplateName"));
        String userData = new String(Base64.getDecoder().decode(form(runs.get(1), "UserData")),
                StandardCharsets.UTF_8);
        assertTrue(userData.contains("url = jdbc:postgresql://dotmac-aws-happy.abc.eu-central-1.rds.amazonaws.com:5432/dotmac?sslmode=require"),
                userData);
        assertTrue(userData.contains("admin.password"), userData);
        LoggedRequest createDb = requests("Action=CreateDBInstance", "dotmac-aws-happy").get(0);
        assertEquals("db.t4g.medium", form(createDb, "DBInstanceClass"));
        assertEquals("50", form(createDb, "AllocatedStorage"));
        assertEquals("postgres", form(createDb, "Engine"));
        String dns = job.path("steps").get(2).path("log").toString();
        assertTrue(dns.contains("aws-happy.aws.example.test A 203.0.113.10"), dns);
        aws.verify(postRequestedFor(urlPathMatching("/2013-04-01/hostedzone/Z0EXAMPLE/rrset/?"))
                .withRequestBody(containing("<Action>UPSERT</Action>"))
                .withRequestBody(containing("<Name>aws-happy.aws.example.test</Name>"))
                .withRequestBody(containing("<Value>203.0.113.10</Value>")));
        aws.verify(postRequestedFor(urlPathMatching("/2013-04-01/hostedzone/Z0EXAMPLE/rrset/?"))
                .withRequestBody(containing("<Name>_a79865eb4cd1a6ab990a45779b4e0b96.aws-happy.aws.example.test</Name>"))
                .withRequestBody(containing("<Type>CNAME</Type>")));
        assertTrue(job.path("steps").get(3).path("log").toString().contains("arn:aws:acm:eu-central-1:123456789012:"
                + "certificate/happy"), job.toString());
        aws.verify(postRequestedFor(urlPathMatching("/isp/203.0.113.10/api/v1/tenants"))
                .withRequestBody(containing("\"slug\":\"aws-happy\"")).withRequestBody(containing("\"tier\":\"PREMIUM\"")));
        MimeMessage welcome = awaitMail("ada@aws-happy.example.com", "Your ISP");
        assertTrue(GreenMailUtil.getBody(welcome).replace("=\r\n", "").contains(
                "https://aws-happy.aws.example.test/portal/"), GreenMailUtil.getBody(welcome));

        // a refused RDS create: FAILED at PROVISION, no instance
        String rdsFail = registerAndConfirm("rds-fail.example.com", "BASIC");
        job = awaitEnd(port, admin, rdsFail);
        assertEquals("FAILED", job.path("status").asText(), job.toString());
        assertTrue(job.path("failureReason").asText().startsWith("PROVISION failed:"), job.toString());
        assertTrue(job.path("failureReason").asText().contains("InvalidParameterCombination"), job.toString());
        assertEquals(1, job.path("steps").get(0).path("attempts").asInt(), "a refusal is not tried again");
        assertEquals(0, requests("Action=RunInstances", "dotmac-rds-fail").size());

        // a refused certificate: FAILED at CONFIGURE_TLS, the DNS record, the instance and the database taken back
        String tlsFail = registerAndConfirm("tls-fail.example.com", "BASIC");
        job = awaitEnd(port, admin, tlsFail);
        assertEquals("FAILED", job.path("status").asText(), job.toString());
        assertTrue(job.path("failureReason").asText().startsWith("CONFIGURE_TLS failed:"), job.toString());
        List<String> statuses = new ArrayList<>();
        for (JsonNode step : job.path("steps")) {
            statuses.add(step.path("status").asText());
        }
        assertEquals(List.of("COMPENSATED", "COMPENSATED", "COMPENSATED", "FAILED", "PENDING", "PENDING", "PENDING"),
                statuses, job.toString());
        aws.verify(postRequestedFor(urlPathMatching("/2013-04-01/hostedzone/Z0EXAMPLE/rrset/?"))
                .withRequestBody(containing("<Action>DELETE</Action>"))
                .withRequestBody(containing("<Name>tls-fail.aws.example.test</Name>")));
        assertEquals(1, requests("Action=TerminateInstances", "i-0tlsfail").size(), "the instance terminated");
        LoggedRequest deleted = requests("Action=DeleteDBInstance", "dotmac-tls-fail").get(0);
        assertEquals("true", form(deleted, "SkipFinalSnapshot"));
        assertEquals(0, requests("Action=TerminateInstances", "i-0happy").size(), "the ready one is left alone");

        digitalOcean(port, admin);
        kubernetes(port, admin, k8s);
    }

    /** The cluster's controller, as far as the test needs one: each Deployment gets a ready replica. */
    private void controller(KubernetesClient k8s) {
        while (controlling) {
            try {
                for (Deployment d : k8s.apps().deployments().inAnyNamespace().list().getItems()) {
                    if (d.getStatus() == null || d.getStatus().getReadyReplicas() == null) {
                        d.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
                                .withReplicas(1).withReadyReplicas(1).withAvailableReplicas(1).build());
                        k8s.resource(d).updateStatus();
                    }
                }
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // the next round
            }
        }
    }

    private void kubernetes(int port, String admin, KubernetesClient k8s) throws Exception {
        String id = registerAndConfirm("k8s-happy.example.com", "ENTERPRISE", "k8s-test");
        JsonNode job = awaitEnd(port, admin, id);
        assertEquals("READY", job.path("status").asText(), job.toString());
        assertEquals(endpointOf("/isp/k8s-happy.k8s.example.test/api/v1"), job.path("endpoint").asText());
        String ns = "dotmac-k8s-happy";
        assertEquals(id, k8s.namespaces().withName(ns).get().getMetadata().getLabels().get("dotmac.io/deployment"));
        Deployment d = k8s.apps().deployments().inNamespace(ns).withName("dotmac").get();
        var container = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("registry.example.test/dotmac:0.1.0", container.getImage());
        assertEquals("2000m", container.getResources().getRequests().get("cpu").toString(), "ENTERPRISE's row");
        assertEquals("4Gi", container.getResources().getLimits().get("memory").toString());
        assertEquals("/api/v1/health", container.getReadinessProbe().getHttpGet().getPath());
        assertEquals(3, d.getSpec().getReplicas());
        var hpa = k8s.autoscaling().v2().horizontalPodAutoscalers().inNamespace(ns).withName("dotmac").get();
        assertEquals(3, hpa.getSpec().getMinReplicas());
        assertEquals(8, hpa.getSpec().getMaxReplicas());
        assertEquals(60, hpa.getSpec().getMetrics().get(0).getResource().getTarget().getAverageUtilization());
        var ingress = k8s.network().v1().ingresses().inNamespace(ns).withName("dotmac").get();
        assertEquals("k8s-happy.k8s.example.test", ingress.getSpec().getRules().get(0).getHost());
        assertEquals("dotmac-tls", ingress.getSpec().getTls().get(0).getSecretName());
        assertEquals("letsencrypt-prod", ingress.getMetadata().getAnnotations().get("cert-manager.io/cluster-issuer"));
        assertEquals("nginx", ingress.getSpec().getIngressClassName());
        assertEquals(8181, k8s.services().inNamespace(ns).withName("dotmac").get().getSpec().getPorts().get(0)
                .getTargetPort().getIntVal());
        var quota = k8s.resourceQuotas().inNamespace(ns).withName("dotmac").get().getSpec().getHard();
        assertEquals("18000m", quota.get("requests.cpu").toString(), "2000m x (8 + 1)");
        assertEquals("36864Mi", quota.get("limits.memory").toString(), "4Gi x (8 + 1)");
        assertEquals("9", quota.get("pods").toString());
        assertTrue(k8s.secrets().inNamespace(ns).withName("dotmac").get().getData().containsKey("DOTMAC_ADMIN_PASSWORD")
                || k8s.secrets().inNamespace(ns).withName("dotmac").get().getStringData()
                        .containsKey("DOTMAC_ADMIN_PASSWORD"));
        java.nio.file.Path manifests = karaf.home().resolve("data/management/kubernetes/" + ns);
        assertTrue(Files.readString(manifests.resolve("deployment.yaml")).contains("image: \"registry.example.test/"
                + "dotmac:0.1.0\""), Files.readString(manifests.resolve("deployment.yaml")));
        assertTrue(Files.exists(manifests.resolve("horizontalpodautoscaler.yaml")));
        assertTrue(Files.readString(manifests.resolve("secret.yaml")).startsWith("#"), "no secret in the folder");
        assertTrue(job.path("steps").get(2).path("log").toString().contains("k8s-happy.k8s.example.test. 300 IN A "
                + "192.0.2.50"), job.toString());

        HttpResponse<String> down = KarafProcess.delete(http, port, "/api/v1/deployments/" + id, admin);
        assertEquals(202, down.statusCode(), down.body());
        for (long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos(); System.nanoTime() < deadline
                && !JSON.readTree(KarafProcess.get(http, port, "/api/v1/deployments/" + id, admin).body())
                        .path("status").asText().equals("DECOMMISSIONED");) {
            Thread.sleep(100);
        }
        assertEquals(null, k8s.namespaces().withName(ns).get(), "the namespace is deleted");
        assertTrue(!Files.exists(manifests), "the manifests' folder is deleted");
    }

    private String endpointOf(String path) {
        return "http://127.0.0.1:" + aws.port() + path;
    }

    private void digitalOcean(int port, String admin) throws Exception {
        String happy = registerAndConfirm("do-happy.example.com", "ENTERPRISE", "do-test");
        JsonNode job = awaitEnd(port, admin, happy);
        assertEquals("READY", job.path("status").asText(), job.toString());
        assertEquals("do-happy", job.path("tenant").asText());
        List<LoggedRequest> droplets = aws.findAll(postRequestedFor(urlPathEqualTo("/v2/droplets"))
                .withRequestBody(containing("dotmac-do-happy")));
        assertEquals(2, droplets.size(), "rate-limited once, then made");
        JsonNode droplet = JSON.readTree(droplets.get(1).getBodyAsString());
        assertEquals("s-4vcpu-8gb", droplet.path("size").asText(), "the ENTERPRISE row of the sizing table");
        assertEquals("ams3", droplet.path("region").asText());
        assertEquals("171717171", droplet.path("image").asText());
        assertEquals("dotmac-" + happy, droplet.path("tags").get(0).asText());
        assertTrue(droplet.path("user_data").asText().contains("url = jdbc:postgresql://db-happy.b.db.ondigitalocean.com"
                + ":25060/defaultdb?sslmode=require"), droplet.toString());
        JsonNode database = JSON.readTree(aws.findAll(postRequestedFor(urlPathEqualTo("/v2/databases"))
                .withRequestBody(containing("dotmac-do-happy"))).get(0).getBodyAsString());
        assertEquals("db-s-4vcpu-8gb", database.path("size").asText());
        assertEquals("pg", database.path("engine").asText());
        aws.verify(postRequestedFor(urlPathEqualTo("/v2/domains/do.example.test/records"))
                .withRequestBody(containing("\"name\":\"do-happy\"")).withRequestBody(containing("\"type\":\"A\""))
                .withRequestBody(containing("\"data\":\"198.51.100.7\"")));
        assertTrue(job.path("steps").get(3).path("log").toString().contains("manual: obtain a certificate for "
                + "do-happy.do.example.test"), job.toString());

        // refused: FAILED at PROVISION, the database made before it deleted
        String refused = registerAndConfirm("do-fail.example.com", "BASIC", "do-test");
        job = awaitEnd(port, admin, refused);
        assertEquals("FAILED", job.path("status").asText(), job.toString());
        assertTrue(job.path("failureReason").asText().contains("422: Size is not available in this region."),
                job.toString());
        assertEquals(1, aws.findAll(com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor(
                urlPathEqualTo("/v2/databases/db-fail"))).size(), "the database made before is deleted");
        assertTrue(job.path("steps").get(0).path("log").toString().contains("database db-fail deleted"),
                job.toString());
    }

    private String registerAndConfirm(String domain, String tier) throws Exception {
        return registerAndConfirm(domain, tier, "aws-test");
    }

    private String registerAndConfirm(String domain, String tier, String region) throws Exception {
        String body = ManagementIT.registration(domain, tier).replace("\"region\":\"local\"",
                "\"region\":\"" + region + "\"")
                .replace("\"deployment\":\"SHARED\"", "\"deployment\":\"DEDICATED\"");
        HttpResponse<String> accepted = KarafProcess.post(http, karaf.port(), "/api/v1/isp/register", body, null);
        assertEquals(202, accepted.statusCode(), accepted.body());
        MimeMessage mail = awaitMail("ada@" + domain, "Confirm your e-mail address");
        Matcher link = Pattern.compile("/api/v1/isp/confirm\\?token=([A-Za-z0-9%._-]+)").matcher(
                GreenMailUtil.getBody(mail).replace("=\r\n", "").replace("=3D", "="));
        assertTrue(link.find(), GreenMailUtil.getBody(mail));
        String id = JSON.readTree(accepted.body()).path("deploymentId").asText();
        confirmed.put(id, new String[] {region, domain, String.valueOf(System.nanoTime())});
        assertEquals(200, KarafProcess.get(http, karaf.port(), "/api/v1/isp/confirm?token=" + link.group(1), null)
                .statusCode());
        return id;
    }

    private JsonNode awaitEnd(int port, String admin, String id) throws Exception {
        JsonNode job = null;
        for (long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos(); System.nanoTime() < deadline;) {
            job = JSON.readTree(KarafProcess.get(http, port, "/api/v1/deployments/" + id, admin).body());
            if (job.path("status").asText().equals("READY") || job.path("status").asText().equals("FAILED")) {
                String[] c = confirmed.get(id);
                System.out.println("CloudProvidersIT: " + c[0] + " " + c[1] + " " + job.path("status").asText() + " "
                        + (System.nanoTime() - Long.parseLong(c[2])) / 1_000_000 + " ms after the confirmation");
                return job;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("deployment " + id + " did not end in 90 s: " + job);
    }

    private MimeMessage awaitMail(String recipient, String subjectStart) throws Exception {
        for (long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos(); System.nanoTime() < deadline;) {
            for (MimeMessage m : smtp.getReceivedMessages()) {
                if (m.getSubject().startsWith(subjectStart) && recipient.equals(m.getAllRecipients()[0].toString())) {
                    return m;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no e-mail '" + subjectStart + "' to " + recipient + " in 30 s");
    }

    /** The query-protocol requests (EC2, RDS) whose form body has {@code action} and {@code marker}. */
    private List<LoggedRequest> requests(String action, String marker) {
        return aws.findAll(postRequestedFor(urlPathEqualTo("/")).withRequestBody(containing(action))
                .withRequestBody(containing(marker)));
    }

    private static String form(LoggedRequest r, String key) {
        for (String pair : r.getBodyAsString().split("&")) {
            int eq = pair.indexOf('=');
            if (URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(key)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** The fake AWS: EC2 and RDS (query protocol, XML), Route 53 (REST, XML), ACM (JSON 1.1); and the instance's API. */
    private void stubAws() {
        // RDS: not found until created, then available; one create is refused
        for (String db : List.of("dotmac-aws-happy", "dotmac-tls-fail", "dotmac-rds-fail")) {
            String scenario = "rds " + db;
            aws.stubFor(post(urlPathEqualTo("/")).inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                    .withRequestBody(containing("Action=DescribeDBInstances"))
                    .withRequestBody(containing("DBInstanceIdentifier=" + db))
                    .willReturn(xml(404, "<ErrorResponse xmlns=\"" + RDS_NS + "\"><Error><Type>Sender</Type><Code>"
                            + "DBInstanceNotFound</Code><Message>DBInstance " + db + " not found.</Message></Error>"
                            + "<RequestId>r-1</RequestId></ErrorResponse>")));
            aws.stubFor(post(urlPathEqualTo("/")).inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                    .withRequestBody(containing("Action=CreateDBInstance"))
                    .withRequestBody(containing("DBInstanceIdentifier=" + db)).willSetStateTo("created")
                    .willReturn(db.equals("dotmac-rds-fail")
                            ? xml(400, "<ErrorResponse xmlns=\"" + RDS_NS + "\"><Error><Type>Sender</Type><Code>"
                                    + "InvalidParameterCombination</Code><Message>RDS does not support creating a DB "
                                    + "instance with the following combination</Message></Error><RequestId>r-2"
                                    + "</RequestId></ErrorResponse>")
                            : xml(200, "<CreateDBInstanceResponse xmlns=\"" + RDS_NS + "\"><CreateDBInstanceResult>"
                                    + dbInstance(db, "creating") + "</CreateDBInstanceResult><ResponseMetadata>"
                                    + "<RequestId>r-3</RequestId></ResponseMetadata></CreateDBInstanceResponse>")));
            aws.stubFor(post(urlPathEqualTo("/")).inScenario(scenario).whenScenarioStateIs("created")
                    .withRequestBody(containing("Action=DescribeDBInstances"))
                    .withRequestBody(containing("DBInstanceIdentifier=" + db))
                    .willReturn(xml(200, "<DescribeDBInstancesResponse xmlns=\"" + RDS_NS + "\">"
                            + "<DescribeDBInstancesResult><DBInstances>" + dbInstance(db, "available")
                            + "</DBInstances></DescribeDBInstancesResult><ResponseMetadata><RequestId>r-4</RequestId>"
                            + "</ResponseMetadata></DescribeDBInstancesResponse>")));
            aws.stubFor(post(urlPathEqualTo("/")).withRequestBody(containing("Action=DeleteDBInstance"))
                    .withRequestBody(containing("DBInstanceIdentifier=" + db))
                    .willReturn(db.equals("dotmac-rds-fail")
                            ? xml(404, "<ErrorResponse xmlns=\"" + RDS_NS + "\"><Error><Type>Sender</Type><Code>"
                                    + "DBInstanceNotFound</Code><Message>not found</Message></Error><RequestId>r-5"
                                    + "</RequestId></ErrorResponse>")
                            : xml(200, "<DeleteDBInstanceResponse xmlns=\"" + RDS_NS + "\"><DeleteDBInstanceResult>"
                                    + dbInstance(db, "deleting") + "</DeleteDBInstanceResult><ResponseMetadata>"
                                    + "<RequestId>r-6</RequestId></ResponseMetadata></DeleteDBInstanceResponse>")));
        }

        // EC2: the first RunInstances is throttled (the SDK tries again), then each instance runs
        aws.stubFor(post(urlPathEqualTo("/")).inScenario("throttle").whenScenarioStateIs(Scenario.STARTED)
                .withRequestBody(containing("Action=RunInstances")).willSetStateTo("throttled")
                .willReturn(xml(503, "<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request "
                        + "limit exceeded.</Message></Error></Errors><RequestID>e-1</RequestID></Response>")));
        for (String[] i : new String[][] {{"aws-happy", "i-0happy", "203.0.113.10"},
            {"tls-fail", "i-0tlsfail", "203.0.113.20"}}) {
            aws.stubFor(post(urlPathEqualTo("/")).inScenario("throttle").whenScenarioStateIs("throttled")
                    .withRequestBody(containing("Action=RunInstances")).withRequestBody(containing("dotmac-" + i[0]))
                    .willReturn(xml(200, "<RunInstancesResponse xmlns=\"" + EC2_NS + "\"><requestId>e-2</requestId>"
                            + "<reservationId>r-" + i[0] + "</reservationId><ownerId>123456789012</ownerId>"
                            + "<instancesSet><item><instanceId>" + i[1] + "</instanceId><instanceState><code>0</code>"
                            + "<name>pending</name></instanceState></item></instancesSet></RunInstancesResponse>")));
            aws.stubFor(post(urlPathEqualTo("/")).withRequestBody(containing("Action=DescribeInstances"))
                    .withRequestBody(containing(i[1])).willReturn(xml(200, "<DescribeInstancesResponse xmlns=\""
                            + EC2_NS + "\"><requestId>e-3</requestId><reservationSet><item><reservationId>r-" + i[0]
                            + "</reservationId><instancesSet><item><instanceId>" + i[1] + "</instanceId>"
                            + "<instanceState><code>16</code><name>running</name></instanceState><ipAddress>" + i[2]
                            + "</ipAddress><privateIpAddress>10.0.0.5</privateIpAddress></item></instancesSet></item>"
                            + "</reservationSet></DescribeInstancesResponse>")));
            aws.stubFor(post(urlPathEqualTo("/")).withRequestBody(containing("Action=TerminateInstances"))
                    .withRequestBody(containing(i[1])).willReturn(xml(200, "<TerminateInstancesResponse xmlns=\""
                            + EC2_NS + "\"><requestId>e-4</requestId><instancesSet><item><instanceId>" + i[1]
                            + "</instanceId><currentState><code>32</code><name>shutting-down</name></currentState>"
                            + "<previousState><code>16</code><name>running</name></previousState></item>"
                            + "</instancesSet></TerminateInstancesResponse>")));
        }

        // Route 53: every change is in sync at once
        aws.stubFor(post(urlPathMatching("/2013-04-01/hostedzone/Z0EXAMPLE/rrset/?")).willReturn(xml(200,
                "<ChangeResourceRecordSetsResponse xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\"><ChangeInfo>"
                        + "<Id>/change/C2682N5HXP0BZ4</Id><Status>INSYNC</Status><SubmittedAt>2026-12-07T00:00:00Z"
                        + "</SubmittedAt></ChangeInfo></ChangeResourceRecordSetsResponse>")));

        // ACM: the happy name's certificate is issued at once; the tls-fail one is refused
        String target = "X-Amz-Target";
        aws.stubFor(post(urlPathEqualTo("/")).withHeader(target, equalTo("CertificateManager.RequestCertificate"))
                .withRequestBody(containing("aws-happy.aws.example.test")).willReturn(amzJson(200,
                        "{\"CertificateArn\":\"arn:aws:acm:eu-central-1:123456789012:certificate/happy\"}")));
        aws.stubFor(post(urlPathEqualTo("/")).withHeader(target, equalTo("CertificateManager.RequestCertificate"))
                .withRequestBody(containing("tls-fail.aws.example.test")).willReturn(amzJson(400,
                        "{\"__type\":\"InvalidDomainValidationOptionsException\",\"message\":\"The domain "
                                + "tls-fail.aws.example.test is not allowed\"}")));
        aws.stubFor(post(urlPathEqualTo("/")).withHeader(target, equalTo("CertificateManager.DescribeCertificate"))
                .willReturn(amzJson(200, "{\"Certificate\":{\"CertificateArn\":\"arn:aws:acm:eu-central-1:"
                        + "123456789012:certificate/happy\",\"DomainName\":\"aws-happy.aws.example.test\",\"Status\":"
                        + "\"ISSUED\",\"Type\":\"AMAZON_ISSUED\",\"DomainValidationOptions\":[{\"DomainName\":"
                        + "\"aws-happy.aws.example.test\",\"ValidationMethod\":\"DNS\",\"ValidationStatus\":\"SUCCESS\","
                        + "\"ResourceRecord\":{\"Name\":\"_a79865eb4cd1a6ab990a45779b4e0b96.aws-happy.aws.example.test.\","
                        + "\"Type\":\"CNAME\",\"Value\":\"_424c7224e9b0146f9a8808af955727d0.acm-validations.aws.\"}}]}}")));
        aws.stubFor(post(urlPathEqualTo("/")).withHeader(target, equalTo("CertificateManager.DeleteCertificate"))
                .willReturn(amzJson(200, "{}")));

        // the ISP's DotMac on the instance (its REST API, as IspInstances uses it)
        aws.stubFor(get(urlPathMatching("/isp/[^/]+/api/v1/health")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"status\":\"UP\"}")));
        aws.stubFor(post(urlPathMatching("/isp/[^/]+/api/v1/auth/token")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"access_token\":\"instance-token\","
                        + "\"token_type\":\"Bearer\",\"expires_in\":3600}")));
        aws.stubFor(get(urlPathMatching("/isp/[^/]+/api/v1/tenants/.*")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/problem+json").withBody("{\"status\":404}")));
        aws.stubFor(post(urlPathMatching("/isp/[^/]+/api/v1/tenants")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"t-1\"}")));
        aws.stubFor(get(urlPathMatching("/isp/[^/]+/api/v1/customers")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"items\":[],\"nextCursor\":null}")));
    }

    /** The fake DigitalOcean API (v2). */
    private void stubDigitalOcean() {
        aws.stubFor(get(urlPathEqualTo("/v2/databases")).willReturn(json(200, "{\"databases\":[]}")));
        aws.stubFor(get(urlPathEqualTo("/v2/droplets")).willReturn(json(200, "{\"droplets\":[],\"meta\":"
                + "{\"total\":0}}")));
        for (String[] d : new String[][] {{"do-happy", "db-happy"}, {"do-fail", "db-fail"}}) {
            aws.stubFor(post(urlPathEqualTo("/v2/databases")).withRequestBody(containing("dotmac-" + d[0]))
                    .willReturn(json(201, "{\"database\":{\"id\":\"" + d[1] + "\",\"name\":\"dotmac-" + d[0]
                            + "\",\"engine\":\"pg\",\"status\":\"creating\"}}")));
            aws.stubFor(get(urlPathEqualTo("/v2/databases/" + d[1])).willReturn(json(200, "{\"database\":{\"id\":\""
                    + d[1] + "\",\"status\":\"online\",\"connection\":{\"protocol\":\"postgresql\",\"uri\":\"\","
                    + "\"database\":\"defaultdb\",\"host\":\"" + d[1] + ".b.db.ondigitalocean.com\",\"port\":25060,"
                    + "\"user\":\"doadmin\",\"password\":\"AVNS_fake-pass\",\"ssl\":true}}}")));
            aws.stubFor(com.github.tomakehurst.wiremock.client.WireMock.delete(urlPathEqualTo("/v2/databases/" + d[1]))
                    .willReturn(aResponse().withStatus(204)));
        }
        aws.stubFor(post(urlPathEqualTo("/v2/droplets")).inScenario("do throttle").whenScenarioStateIs(
                Scenario.STARTED).withRequestBody(containing("dotmac-do-happy")).willSetStateTo("waited")
                .willReturn(json(429, "{\"id\":\"too_many_requests\",\"message\":\"API Rate limit exceeded.\"}")
                        .withHeader("Retry-After", "0")));
        aws.stubFor(post(urlPathEqualTo("/v2/droplets")).inScenario("do throttle").whenScenarioStateIs("waited")
                .withRequestBody(containing("dotmac-do-happy")).willReturn(json(202, "{\"droplet\":{\"id\":3164444,"
                        + "\"name\":\"dotmac-do-happy\",\"status\":\"new\"}}")));
        aws.stubFor(post(urlPathEqualTo("/v2/droplets")).withRequestBody(containing("dotmac-do-fail"))
                .willReturn(json(422, "{\"id\":\"unprocessable_entity\",\"message\":\"Size is not available in this "
                        + "region.\"}")));
        aws.stubFor(get(urlPathEqualTo("/v2/droplets/3164444")).willReturn(json(200, "{\"droplet\":{\"id\":3164444,"
                + "\"status\":\"active\",\"networks\":{\"v4\":[{\"ip_address\":\"10.110.0.2\",\"type\":\"private\"},"
                + "{\"ip_address\":\"198.51.100.7\",\"type\":\"public\"}]}}}")));
        aws.stubFor(get(urlPathEqualTo("/v2/domains/do.example.test/records")).willReturn(json(200,
                "{\"domain_records\":[]}")));
        aws.stubFor(post(urlPathEqualTo("/v2/domains/do.example.test/records")).willReturn(json(201,
                "{\"domain_record\":{\"id\":28448429,\"type\":\"A\",\"name\":\"do-happy\"}}")));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static String dbInstance(String id, String status) {
        return "<DBInstance><DBInstanceIdentifier>" + id + "</DBInstanceIdentifier><DBInstanceClass>db.t4g.medium"
                + "</DBInstanceClass><Engine>postgres</Engine><DBInstanceStatus>" + status + "</DBInstanceStatus>"
                + "<Endpoint><Address>" + id + ".abc.eu-central-1.rds.amazonaws.com</Address><Port>5432</Port>"
                + "</Endpoint><DBName>dotmac</DBName><MasterUsername>dotmac</MasterUsername></DBInstance>";
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder xml(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/xml").withBody(body);
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder amzJson(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody(body);
    }
}
