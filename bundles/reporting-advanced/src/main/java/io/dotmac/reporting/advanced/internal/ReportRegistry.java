package io.dotmac.reporting.advanced.internal;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.dotmac.platform.api.Brands;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.TenantServices;
import io.dotmac.reporting.basic.ReportSource;

/** Every report source there is (basic and advanced), by name, with the plugin that licenses it. */
@Component(service = ReportRegistry.class)
public class ReportRegistry {

    /** A source and its plugin. */
    record Entry(String name, String plugin, ReportSource source) {
    }

    private final Map<String, Entry> sources = new ConcurrentHashMap<>();

    /** Licensing, for a tenant's brand colours on its charts (white_label). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile TenantServices licences;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addSource(ReportSource source, Map<String, Object> properties) {
        Object name = properties.get(ReportSource.NAME);
        Object plugin = properties.get(ReportSource.PLUGIN);
        if (name != null && plugin != null) {
            sources.put(name.toString(), new Entry(name.toString(), plugin.toString(), source));
        }
    }

    void removeSource(ReportSource source, Map<String, Object> properties) {
        Object name = properties.get(ReportSource.NAME);
        if (name != null) {
            sources.computeIfPresent(name.toString(), (k, e) -> e.source() == source ? null : e);
        }
    }

    /** The colours of {@code tenant}'s charts: its brand's while it has white_label, else DotMac's. */
    Charts.Palette palette(TenantRef tenant) {
        return Brands.of(licences, tenant).map(b -> Charts.Palette.of(b.primaryColour(), b.accentColour()))
                .orElse(Charts.Palette.DOTMAC);
    }

    Optional<Entry> get(String name) {
        return Optional.ofNullable(sources.get(name));
    }

    /** The names of the reports there are now, sorted. */
    java.util.List<String> names() {
        return sources.keySet().stream().sorted().toList();
    }
}
