package io.dotmac.management.engine.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sizing table: per tier, what an ISP's instance gets ({@code tier.<TIER>.<key>} in
 * {@code io.dotmac.management.cfg} over these defaults, the seed's table: FREE 200m/512Mi ... ENTERPRISE 2000m/4Gi).
 */
final class Sizing {

    static final List<String> TIERS = List.of("FREE", "BASIC", "PREMIUM", "ENTERPRISE");

    private static final Map<String, String[]> DEFAULTS = new LinkedHashMap<>();

    static {
        // key                            FREE              BASIC             PREMIUM           ENTERPRISE
        DEFAULTS.put("cpu", new String[] {"200m", "500m", "1000m", "2000m"});
        DEFAULTS.put("memory", new String[] {"512Mi", "1Gi", "2Gi", "4Gi"});
        DEFAULTS.put("aws.instanceType", new String[] {"t3.micro", "t3.small", "t3.medium", "t3.large"});
        DEFAULTS.put("aws.dbInstanceClass", new String[] {"db.t4g.micro", "db.t4g.small", "db.t4g.medium",
            "db.m6g.large"});
        DEFAULTS.put("aws.storageGb", new String[] {"20", "20", "50", "100"});
        DEFAULTS.put("do.size", new String[] {"s-1vcpu-1gb", "s-1vcpu-2gb", "s-2vcpu-4gb", "s-4vcpu-8gb"});
        DEFAULTS.put("do.dbSize", new String[] {"db-s-1vcpu-1gb", "db-s-1vcpu-2gb", "db-s-2vcpu-4gb",
            "db-s-4vcpu-8gb"});
        DEFAULTS.put("k8s.minReplicas", new String[] {"1", "1", "2", "3"});
        DEFAULTS.put("k8s.maxReplicas", new String[] {"1", "2", "4", "8"});
        DEFAULTS.put("k8s.cpuTarget", new String[] {"80", "75", "70", "60"});
    }

    private Sizing() {
    }

    /** Each tier's row: the defaults, then the configuration's {@code tier.<TIER>.<key>} over them. */
    static Map<String, Map<String, String>> table(Map<String, Object> properties) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (int i = 0; i < TIERS.size(); i++) {
            String tier = TIERS.get(i);
            Map<String, String> row = new LinkedHashMap<>();
            for (Map.Entry<String, String[]> d : DEFAULTS.entrySet()) {
                row.put(d.getKey(), d.getValue()[i]);
            }
            String prefix = "tier." + tier + ".";
            properties.forEach((k, v) -> {
                if (k.startsWith(prefix) && v != null && !v.toString().isBlank()) {
                    row.put(k.substring(prefix.length()), v.toString().strip());
                }
            });
            out.put(tier, Map.copyOf(row));
        }
        return Map.copyOf(out);
    }
}
