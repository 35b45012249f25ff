package io.dotmac.management.digitalocean.internal;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;

import com.fasterxml.jackson.databind.JsonNode;

import io.dotmac.management.DnsProvider;
import io.dotmac.management.DnsRecord;
import io.dotmac.management.ProvisionContext;
import io.dotmac.management.StepFailedException;

/**
 * DNS {@code digitalocean}: records of a domain DigitalOcean serves (the region's {@code dnsDomain}, default its
 * {@code baseDomain}); an existing record of the name and type is updated, else one is created; removed, it is
 * looked up and deleted (gone already: nothing to do).
 */
@Component(property = DnsProvider.PROVIDER_PROPERTY + "=digitalocean")
public class DigitalOceanDns implements DnsProvider {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Override
    public void upsert(DnsRecord record, ProvisionContext context) throws StepFailedException {
        DoApi api = new DoApi(http, context.region().settings());
        String domain = domain(context, record);
        Map<String, Object> body = Map.of("type", record.type(), "name", relative(record, domain), "data",
                record.type().equals("CNAME") ? record.value() + "." : record.value(), "ttl", record.ttl());
        Optional<Long> existing = find(api, domain, record);
        if (existing.isPresent()) {
            api.put("/v2/domains/" + domain + "/records/" + existing.get(), body);
        } else {
            api.post("/v2/domains/" + domain + "/records", body);
        }
        context.log("DigitalOcean DNS " + (existing.isPresent() ? "updated " : "created ") + record.format()
                + " in " + domain);
    }

    @Override
    public void remove(DnsRecord record, ProvisionContext context) throws StepFailedException {
        DoApi api = new DoApi(http, context.region().settings());
        String domain = domain(context, record);
        Optional<Long> existing = find(api, domain, record);
        if (existing.isPresent()) {
            api.delete("/v2/domains/" + domain + "/records/" + existing.get());
        }
    }

    private static Optional<Long> find(DoApi api, String domain, DnsRecord record) throws StepFailedException {
        JsonNode page = api.get("/v2/domains/" + domain + "/records?type=" + DoApi.query(record.type()) + "&name="
                + DoApi.query(record.name()));
        if (page != null) {
            for (JsonNode r : page.path("domain_records")) {
                return Optional.of(r.path("id").asLong());
            }
        }
        return Optional.empty();
    }

    private static String domain(ProvisionContext context, DnsRecord record) throws StepFailedException {
        Map<String, String> s = context.region().settings();
        String domain = s.getOrDefault("dnsDomain", s.getOrDefault("baseDomain", "")).replaceAll("^\\.|\\.$", "");
        if (domain.isEmpty() || !(record.name().equals(domain) || record.name().endsWith("." + domain))) {
            throw new StepFailedException(record.name() + " is not in the region's DigitalOcean domain '" + domain
                    + "' (setting dnsDomain)", true);
        }
        return domain;
    }

    /** The record's name relative to the domain ({@code @} for the domain itself). */
    static String relative(DnsRecord record, String domain) {
        return record.name().equals(domain) ? "@" : record.name().substring(0,
                record.name().length() - domain.length() - 1);
    }
}
