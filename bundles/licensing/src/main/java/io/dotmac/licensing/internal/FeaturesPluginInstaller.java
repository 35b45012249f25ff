package io.dotmac.licensing.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.karaf.features.Dependency;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dotmac.licensing.PluginInstaller;
import io.dotmac.platform.api.ConflictException;
import io.dotmac.platform.api.NotFoundException;
import io.dotmac.platform.api.ValidationException;

/** {@link PluginInstaller} on Karaf's {@link FeaturesService}, with {@code NoAutoRefreshBundles}. */
@Component(service = PluginInstaller.class)
public class FeaturesPluginInstaller implements PluginInstaller {

    private static final Logger LOG = LoggerFactory.getLogger(FeaturesPluginInstaller.class);
    private static final EnumSet<FeaturesService.Option> NO_REFRESH =
            EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles);

    private final FeaturesService features;

    @Activate
    public FeaturesPluginInstaller(@Reference FeaturesService features) {
        this.features = features;
    }

    @Override
    public void install(String feature) {
        String name = requireName(feature);
        Feature found;
        try {
            found = find(name);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the features repositories", e);
        }
        if (found == null) {
            throw new NotFoundException("No feature '" + name + "' in the known repositories");
        }
        long started = System.nanoTime();
        try {
            features.installFeature(name, NO_REFRESH);
        } catch (Exception e) {
            LOG.error("Installing feature {} failed", name, e);
            throw new ConflictException("Feature '" + name + "' could not be installed: " + e.getMessage());
        }
        LOG.info("Installed feature {} in {} ms (no bundle refreshed)", name, (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public void uninstall(String feature) {
        String name = requireName(feature);
        long started;
        try {
            String[] parts = name.split("/", 2);
            Feature target = find(name);
            if (target == null || !features.isInstalled(target)) {
                return;
            }
            Set<String> installed = new HashSet<>();
            for (Feature f : features.listInstalledFeatures()) {
                installed.add(f.getName());
            }
            List<String> needing = dependents(target.getName(), installed, dependencyGraph());
            if (!needing.isEmpty()) {
                throw new ConflictException("Feature '" + target.getName() + "' is needed by " + String.join(", ", needing)
                        + ": uninstall " + (needing.size() == 1 ? "that" : "those") + " first");
            }
            started = System.nanoTime();
            if (parts.length == 2) {
                features.uninstallFeature(parts[0], parts[1], NO_REFRESH);
            } else {
                features.uninstallFeature(parts[0], NO_REFRESH);
            }
        } catch (ConflictException e) {
            throw e;
        } catch (Exception e) {
            LOG.error("Uninstalling feature {} failed", name, e);
            throw new ConflictException("Feature '" + name + "' could not be uninstalled: " + e.getMessage());
        }
        LOG.info("Uninstalled feature {} in {} ms (no bundle refreshed)", name, (System.nanoTime() - started) / 1_000_000);
    }

    /** Every installed feature, and every feature one of them names, with its direct dependencies (by name). */
    private Map<String, List<String>> dependencyGraph() throws Exception {
        Map<String, List<String>> graph = new HashMap<>();
        Deque<Feature> todo = new ArrayDeque<>(List.of(features.listInstalledFeatures()));
        while (!todo.isEmpty()) {
            Feature f = todo.pop();
            if (graph.containsKey(f.getName())) {
                continue;
            }
            List<String> deps = new ArrayList<>();
            for (Dependency d : f.getDependencies()) {
                deps.add(d.getName());
                Feature dep = features.getFeature(d.getName());
                if (dep != null) {
                    todo.push(dep);
                }
            }
            graph.put(f.getName(), deps);
        }
        return graph;
    }

    /** The features of {@code installed} that need {@code target} through {@code graph}'s dependencies, sorted. */
    static List<String> dependents(String target, Set<String> installed, Map<String, List<String>> graph) {
        List<String> out = new ArrayList<>();
        for (String feature : installed) {
            if (!feature.equals(target) && needs(feature, target, graph, new HashSet<>())) {
                out.add(feature);
            }
        }
        out.sort(null);
        return out;
    }

    private static boolean needs(String feature, String target, Map<String, List<String>> graph, Set<String> seen) {
        if (!seen.add(feature)) {
            return false;
        }
        for (String dep : graph.getOrDefault(feature, List.of())) {
            if (dep.equals(target) || needs(dep, target, graph, seen)) {
                return true;
            }
        }
        return false;
    }

    private Feature find(String name) throws Exception {
        String[] parts = name.split("/", 2);
        return parts.length == 2 ? features.getFeature(parts[0], parts[1]) : features.getFeature(parts[0]);
    }

    private static String requireName(String feature) {
        if (feature == null || !feature.matches("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)?")) {
            throw new ValidationException("feature", "must be a feature name, optionally with /version");
        }
        return feature;
    }
}
