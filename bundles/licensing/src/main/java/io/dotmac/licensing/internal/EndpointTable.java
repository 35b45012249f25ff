package io.dotmac.licensing.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.dotmac.licensing.PluginRoutes.Route;

/**
 * The dispatcher's table: each plugin endpoint by its root, and the longest-root match of a request's path. A root
 * claimed twice is served by the endpoint registered first (lowest service id); the other waits, refused, and
 * takes over if the first goes. Lookups read an immutable snapshot; changes are rare and synchronised.
 */
final class EndpointTable {

    /** Segments of {@code [a-z0-9-]}, separated by {@code /}. */
    static final Pattern ROOT = Pattern.compile("[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)*");

    /**
     * First segments of the core's own resources (health, ping, auth/token, tenants, tenant/..., plugins,
     * instance/license): JAX-RS matches those before the dispatcher, so a plugin root under them could never be
     * reached.
     */
    static final Set<String> RESERVED = Set.of("health", "ping", "auth", "tenants", "tenant", "plugins", "instance");

    /** A registered endpoint. {@code plugin} is null for a bundle that declares none. */
    record Endpoint(String root, String plugin, String bundle, long serviceId, Object resource) {
        int depth() {
            return root.split("/").length;
        }
    }

    /** What a path leads to: the endpoint and how many of the path's segments its root took. */
    record Match(Endpoint endpoint, int depth) {
    }

    private final Map<String, List<Endpoint>> claims = new HashMap<>();
    private volatile Snapshot snapshot = new Snapshot(Map.of(), 0);

    private record Snapshot(Map<String, Endpoint> serving, int maxDepth) {
    }

    /** Why an endpoint can never be served, or null when it can. */
    static String invalid(Endpoint e) {
        if (e.plugin() == null) {
            return "bundle " + e.bundle() + " declares no plugin (io.dotmac.plugin capability)";
        }
        if (e.root() == null || !ROOT.matcher(e.root()).matches()) {
            return "invalid root '" + e.root() + "': segments of a-z, 0-9 and '-' separated by '/'";
        }
        String first = e.root().split("/")[0];
        if (RESERVED.contains(first)) {
            return "root '" + e.root() + "' is under the core's /api/v1/" + first;
        }
        return null;
    }

    /** Adds an endpoint; returns why it is not served (null when it is). */
    synchronized String add(Endpoint e) {
        String invalid = invalid(e);
        List<Endpoint> list = claims.computeIfAbsent(invalid == null ? e.root() : invalidKey(e), k -> new ArrayList<>());
        list.add(e);
        list.sort(Comparator.comparingLong(Endpoint::serviceId));
        publish();
        return invalid != null ? invalid : refusal(e);
    }

    /** Removes an endpoint (by service id); returns the endpoint now serving its root, if another took over. */
    synchronized Endpoint remove(long serviceId) {
        for (Map.Entry<String, List<Endpoint>> entry : claims.entrySet()) {
            List<Endpoint> list = entry.getValue();
            boolean wasServing = !list.isEmpty() && list.get(0).serviceId() == serviceId;
            if (list.removeIf(x -> x.serviceId() == serviceId)) {
                if (list.isEmpty()) {
                    claims.remove(entry.getKey());
                }
                publish();
                return wasServing && !list.isEmpty() && !isInvalidKey(entry.getKey()) ? list.get(0) : null;
            }
        }
        return null;
    }

    /** The endpoint serving the longest root that starts {@code segments}, or null. */
    Match resolve(List<String> segments) {
        Snapshot s = snapshot;
        for (int depth = Math.min(s.maxDepth(), segments.size()); depth > 0; depth--) {
            Endpoint e = s.serving().get(depth == 1 ? segments.get(0) : String.join("/", segments.subList(0, depth)));
            if (e != null) {
                return new Match(e, depth);
            }
        }
        return null;
    }

    /** Every endpoint, serving or refused, by root. */
    synchronized List<Route> routes() {
        List<Route> out = new ArrayList<>();
        claims.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            List<Endpoint> list = entry.getValue();
            for (int i = 0; i < list.size(); i++) {
                Endpoint e = list.get(i);
                String invalid = invalid(e);
                String refused = invalid != null ? invalid : i == 0 ? null : refusalBy(list.get(0));
                out.add(new Route(e.root(), e.plugin(), e.bundle(), refused == null, refused, e.serviceId(),
                        e.resource().getClass()));
            }
        });
        return out;
    }

    private String refusal(Endpoint e) {
        List<Endpoint> list = claims.get(e.root());
        return list.get(0).serviceId() == e.serviceId() ? null : refusalBy(list.get(0));
    }

    private static String refusalBy(Endpoint owner) {
        return "root '" + owner.root() + "' is already served by plugin '" + owner.plugin() + "' (bundle "
                + owner.bundle() + ")";
    }

    private static String invalidKey(Endpoint e) {
        return "\u0000invalid:" + e.serviceId();
    }

    private static boolean isInvalidKey(String key) {
        return key.startsWith("\u0000");
    }

    private void publish() {
        Map<String, Endpoint> serving = new HashMap<>();
        int maxDepth = 0;
        for (Map.Entry<String, List<Endpoint>> entry : claims.entrySet()) {
            if (!isInvalidKey(entry.getKey()) && !entry.getValue().isEmpty()) {
                Endpoint e = entry.getValue().get(0);
                serving.put(entry.getKey(), e);
                maxDepth = Math.max(maxDepth, e.depth());
            }
        }
        snapshot = new Snapshot(Map.copyOf(serving), maxDepth);
    }
}
