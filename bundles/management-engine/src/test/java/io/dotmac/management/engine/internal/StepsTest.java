package io.dotmac.management.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.dotmac.management.DeploymentStep;
import io.dotmac.management.DnsProvider;
import io.dotmac.management.DnsRecord;
import io.dotmac.management.InstanceProvider;
import io.dotmac.management.IspRegistration;
import io.dotmac.management.ProvisionContext;
import io.dotmac.management.Region;
import io.dotmac.management.StepFailedException;
import io.dotmac.management.TlsProvider;

class StepsTest {

    /** A context in memory. */
    static final class Memory implements ProvisionContext {
        final Map<String, String> resources = new HashMap<>();
        final List<String> log = new ArrayList<>();
        final Region region;

        Memory(Map<String, String> settings) {
            this.region = new Region("eu", "cloud", "", settings);
        }

        @Override
        public String deploymentId() {
            return "job-1";
        }

        @Override
        public String ispId() {
            return "isp-1";
        }

        @Override
        public IspRegistration registration() {
            return new IspRegistration(null, new IspRegistration.Technical("eu", "acme.example.com", List.of(), null),
                    null, "DEDICATED");
        }

        @Override
        public Region region() {
            return region;
        }

        @Override
        public Map<String, String> sizing() {
            return Map.of("cpu", "200m");
        }

        @Override
        public Optional<String> resource(String key) {
            return Optional.ofNullable(resources.get(key));
        }

        @Override
        public void record(String key, String value) {
            if (value == null) {
                resources.remove(key);
            } else {
                resources.put(key, value);
            }
        }

        @Override
        public String secret(String key) {
            return resources.computeIfAbsent(key, k -> "secret-of-" + k);
        }

        @Override
        public Optional<String> keptSecret(String key) {
            return Optional.ofNullable(resources.get(key));
        }

        @Override
        public void log(String line) {
            log.add(line);
        }
    }

    private final List<String> calls = new ArrayList<>();

    private final InstanceProvider provider = new InstanceProvider() {
        @Override
        public void run(DeploymentStep step, ProvisionContext context) {
            calls.add("run " + step);
            if (step == DeploymentStep.DEPLOY) {
                context.record(ProvisionContext.ADDRESS, "203.0.113.7");
            }
        }

        @Override
        public void compensate(DeploymentStep step, ProvisionContext context) {
            calls.add("compensate " + step);
        }
    };

    private final DnsProvider dns = new DnsProvider() {
        @Override
        public void upsert(DnsRecord record, ProvisionContext context) {
            calls.add("upsert " + record.format());
        }

        @Override
        public void remove(DnsRecord record, ProvisionContext context) {
            calls.add("remove " + record.format());
        }
    };

    private final TlsProvider tls = new TlsProvider() {
        @Override
        public String issue(String name, DnsProvider validation, ProvisionContext context) {
            calls.add("issue " + name + (validation == dns ? " with dns" : ""));
            return "arn:cert/1";
        }

        @Override
        public void revoke(String id, DnsProvider validation, ProvisionContext context) {
            calls.add("revoke " + id);
        }
    };

    private final Steps steps = new Steps(n -> n.equals("route53") ? dns : null, n -> n.equals("acm") ? tls : null);

    @Test
    void theRegionsDnsAndTlsProvidersFollowTheProvidersStepsAndAreTakenBackFirst() throws Exception {
        Memory c = new Memory(Map.of("dns", "route53", "tls", "acm", "baseDomain", "isp.example.net", "dnsTtl", "60"));
        for (DeploymentStep s : List.of(DeploymentStep.DEPLOY, DeploymentStep.CONFIGURE_DNS,
                DeploymentStep.CONFIGURE_TLS)) {
            steps.run(provider, s, c);
        }
        assertEquals(List.of("run DEPLOY", "run CONFIGURE_DNS", "upsert acme.isp.example.net A 203.0.113.7 60",
                "run CONFIGURE_TLS", "issue acme.isp.example.net with dns"), calls);
        assertEquals("arn:cert/1", c.resources.get(Steps.CERTIFICATE));
        calls.clear();
        steps.compensate(provider, DeploymentStep.CONFIGURE_TLS, c);
        steps.compensate(provider, DeploymentStep.CONFIGURE_DNS, c);
        steps.compensate(provider, DeploymentStep.CONFIGURE_DNS, c); // again: nothing more to remove
        assertEquals(List.of("revoke arn:cert/1", "compensate CONFIGURE_TLS", "remove acme.isp.example.net A "
                + "203.0.113.7 60", "compensate CONFIGURE_DNS", "compensate CONFIGURE_DNS"), calls);
        assertFalse(c.resources.containsKey(Steps.DNS_RECORD));
    }

    @Test
    void withoutThemOnlyTheProvidersStepRuns() throws Exception {
        Memory c = new Memory(Map.of());
        steps.run(provider, DeploymentStep.CONFIGURE_DNS, c);
        steps.run(provider, DeploymentStep.CONFIGURE_TLS, c);
        assertEquals(List.of("run CONFIGURE_DNS", "run CONFIGURE_TLS"), calls);
    }

    @Test
    void aMissingAddressOrBaseDomainFailsForGoodAndAMissingDnsProviderForNow() {
        StepFailedException noAddress = assertThrows(StepFailedException.class, () -> steps.run(provider,
                DeploymentStep.CONFIGURE_DNS, new Memory(Map.of("dns", "route53", "baseDomain", "x.net"))));
        assertTrue(noAddress.permanent() && noAddress.getMessage().contains("no address"), noAddress.getMessage());
        Memory c = new Memory(Map.of("dns", "route53"));
        c.record(ProvisionContext.ADDRESS, "lb.example.net");
        StepFailedException noBase = assertThrows(StepFailedException.class, () -> steps.run(provider,
                DeploymentStep.CONFIGURE_DNS, c));
        assertTrue(noBase.permanent() && noBase.getMessage().contains("baseDomain"), noBase.getMessage());
        Memory d = new Memory(Map.of("dns", "cloudflare", "baseDomain", "x.net"));
        d.record(ProvisionContext.ADDRESS, "lb.example.net");
        StepFailedException notInstalled = assertThrows(StepFailedException.class, () -> steps.run(provider,
                DeploymentStep.CONFIGURE_DNS, d));
        assertFalse(notInstalled.permanent(), notInstalled.getMessage());
        assertEquals("CNAME", DnsRecord.typeFor("lb.example.net"));
        assertEquals("AAAA", DnsRecord.typeFor("2001:db8::1"));
    }
}
