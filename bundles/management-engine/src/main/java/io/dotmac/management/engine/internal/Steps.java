package io.dotmac.management.engine.internal;

import java.util.Optional;
import java.util.function.Function;

import io.dotmac.management.DeploymentStep;
import io.dotmac.management.DnsProvider;
import io.dotmac.management.DnsRecord;
import io.dotmac.management.InstanceProvider;
import io.dotmac.management.ProvisionContext;
import io.dotmac.management.StepFailedException;
import io.dotmac.management.TlsProvider;

/**
 * One step of a job: the instance provider's, and in CONFIGURE_DNS and CONFIGURE_TLS, when the region names them
 * (settings {@code dns} and {@code tls}), the DNS and TLS providers' after it: the ISP's name
 * ({@code <slug>.<baseDomain>}) pointed at the {@link ProvisionContext#ADDRESS address} the instance provider recorded,
 * and a certificate for that name. Compensation takes them back first (the certificate, the record), then the
 * provider's.
 */
final class Steps {

    static final String DNS_RECORD = "dnsRecord";
    static final String CERTIFICATE = "certificate";

    private final Function<String, DnsProvider> dnsProviders;
    private final Function<String, TlsProvider> tlsProviders;

    Steps(Function<String, DnsProvider> dnsProviders, Function<String, TlsProvider> tlsProviders) {
        this.dnsProviders = dnsProviders;
        this.tlsProviders = tlsProviders;
    }

    void run(InstanceProvider provider, DeploymentStep step, ProvisionContext context) throws StepFailedException {
        provider.run(step, context);
        if (step == DeploymentStep.CONFIGURE_DNS && setting(context, "dns").isPresent()) {
            DnsRecord record = record(context);
            context.record(DNS_RECORD, record.format()); // before: a crash in between still removes it
            dns(context).orElseThrow().upsert(record, context);
            context.log("DNS (" + setting(context, "dns").get() + "): " + record.format());
        }
        if (step == DeploymentStep.CONFIGURE_TLS && setting(context, "tls").isPresent()) {
            TlsProvider tls = tls(context);
            String name = name(context);
            String id = tls.issue(name, dns(context).orElse(null), context);
            context.record(CERTIFICATE, id);
            context.log("certificate for " + name + " (" + setting(context, "tls").get() + "): " + id);
        }
    }

    void compensate(InstanceProvider provider, DeploymentStep step, ProvisionContext context)
            throws StepFailedException {
        if (step == DeploymentStep.CONFIGURE_TLS && setting(context, "tls").isPresent()) {
            // also when the step failed before the certificate was issued (id null): the provider finds its records
            Optional<String> id = context.resource(CERTIFICATE);
            tls(context).revoke(id.orElse(null), dns(context).orElse(null), context);
            context.record(CERTIFICATE, null);
            id.ifPresent(i -> context.log("certificate " + i + " deleted"));
        }
        if (step == DeploymentStep.CONFIGURE_DNS) {
            Optional<String> record = context.resource(DNS_RECORD);
            Optional<DnsProvider> dns = dns(context);
            if (record.isPresent() && dns.isPresent()) {
                dns.get().remove(DnsRecord.parse(record.get()), context);
                context.record(DNS_RECORD, null);
                context.log("DNS record removed: " + record.get());
            }
        }
        provider.compensate(step, context);
    }

    /** The ISP's name: {@code <slug>.<baseDomain>}. */
    static String name(ProvisionContext context) throws StepFailedException {
        String base = setting(context, "baseDomain").orElseThrow(() -> new StepFailedException("region "
                + context.region().name() + " has a DNS or TLS provider but no baseDomain", true));
        return context.registration().suggestedSlug() + "." + base.replaceAll("^\\.|\\.$", "");
    }

    private static DnsRecord record(ProvisionContext context) throws StepFailedException {
        String address = context.resource(ProvisionContext.ADDRESS).orElseThrow(() -> new StepFailedException(
                "provider '" + context.region().provider() + "' recorded no address to point the ISP's name at", true));
        int ttl = 300;
        try {
            ttl = Integer.parseInt(setting(context, "dnsTtl").orElse("300"));
        } catch (NumberFormatException e) {
            // the default
        }
        return new DnsRecord(name(context), DnsRecord.typeFor(address), address, ttl);
    }

    private Optional<DnsProvider> dns(ProvisionContext context) throws StepFailedException {
        Optional<String> name = setting(context, "dns");
        if (name.isEmpty()) {
            return Optional.empty();
        }
        DnsProvider dns = dnsProviders.apply(name.get());
        if (dns == null) {
            throw new StepFailedException("DNS provider '" + name.get() + "' is not installed", false);
        }
        return Optional.of(dns);
    }

    private TlsProvider tls(ProvisionContext context) throws StepFailedException {
        String name = setting(context, "tls").orElseThrow();
        TlsProvider tls = tlsProviders.apply(name);
        if (tls == null) {
            throw new StepFailedException("TLS provider '" + name + "' is not installed", false);
        }
        return tls;
    }

    private static Optional<String> setting(ProvisionContext context, String key) {
        return Optional.ofNullable(context.region().settings().get(key)).filter(v -> !v.isBlank());
    }
}
