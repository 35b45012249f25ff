package io.dotmac.marketplace.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;

import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dotmac.platform.api.ConflictException;

/**
 * Installs a marketplace plugin as a Karaf feature, through the {@link FeaturesService} with
 * {@code NoAutoRefreshBundles} (no other bundle is refreshed): a features repository of the marketplace's own,
 * written next to the stored archive, lists the plugin's bundles by {@code marketplace:<plugin>/<version>/<entry>}
 * URLs that {@link ArchiveUrls} serves from the verified archive. So the developer's own features XML never runs
 * (nothing it says is installed but its bundles), every bundle's location says it came from the marketplace (the
 * licensing sells such plugins only as add-ons, and the plugin boundary seals each of them), and the operator sees
 * the plugin in {@code feature:list} as {@code marketplace-<plugin>}.
 */
@Component(service = FeatureInstaller.class)
public class FeatureInstaller {

    private static final Logger LOG = LoggerFactory.getLogger(FeatureInstaller.class);
    private static final EnumSet<FeaturesService.Option> NO_REFRESH =
            EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles);
    static final String FEATURE_PREFIX = "marketplace-";
    static final String SCHEME = "marketplace";

    private final FeaturesService features;

    @Activate
    public FeatureInstaller(@Reference FeaturesService features) {
        this.features = features;
    }

    static String feature(String plugin) {
        return FEATURE_PREFIX + plugin;
    }

    /** The features repository the marketplace writes for a plugin's version. */
    static Path repository(Path store, String plugin, String version) {
        return store.resolve(plugin).resolve(version + ".features.xml");
    }

    /** The installed version of the plugin's feature, if any. */
    Optional<String> installed(String plugin) {
        try {
            for (Feature f : features.listInstalledFeatures()) {
                if (f.getName().equals(feature(plugin))) {
                    return Optional.of(f.getVersion());
                }
            }
            return Optional.empty();
        } catch (Exception e) {
            throw new IllegalStateException("the installed features cannot be read", e);
        }
    }

    /** Installs {@code version} of the plugin from {@code archive} (verified by the caller). */
    void install(String plugin, String version, PluginArchive archive, Path store) {
        Path xml = repository(store, plugin, version);
        URI repo = xml.toUri();
        long started = System.nanoTime();
        try {
            Files.writeString(xml, featuresXml(plugin, version, archive), StandardCharsets.UTF_8);
            features.addRepository(repo);
            features.installFeature(feature(plugin), version, NO_REFRESH);
        } catch (Exception e) {
            LOG.error("Marketplace plugin {} {} could not be installed: {}", plugin, version, e.getMessage());
            forget(plugin, version, repo, xml);
            throw new ConflictException("Plugin '" + plugin + "' " + version + " could not be installed: "
                    + e.getMessage());
        }
        LOG.info("Marketplace plugin {} {} installed as feature {} ({} bundle(s)) in {} ms, no bundle refreshed",
                plugin, version, feature(plugin), archive.bundles().size(), (System.nanoTime() - started) / 1_000_000);
    }

    /** Uninstalls the plugin's feature (no bundle refreshed); whether one was installed. */
    boolean uninstall(String plugin, Path store) {
        Optional<String> version = installed(plugin);
        if (version.isEmpty()) {
            return false;
        }
        Path xml = repository(store, plugin, version.get());
        try {
            features.uninstallFeature(feature(plugin), version.get(), NO_REFRESH);
        } catch (Exception e) {
            throw new ConflictException("Plugin '" + plugin + "' could not be uninstalled: " + e.getMessage());
        }
        forget(plugin, version.get(), xml.toUri(), xml);
        return true;
    }

    /** Takes back what an install left: the feature (if it got that far), the repository and its file. */
    private void forget(String plugin, String version, URI repo, Path xml) {
        try {
            Feature f = features.getFeature(feature(plugin), version);
            if (f != null && features.isInstalled(f)) {
                features.uninstallFeature(feature(plugin), version, NO_REFRESH);
            }
        } catch (Exception e) {
            LOG.warn("Marketplace plugin {} {}: its feature could not be taken back: {}", plugin, version,
                    e.getMessage());
        }
        try {
            if (features.getRepository(repo) != null) {
                features.removeRepository(repo);
            }
            Files.deleteIfExists(xml);
        } catch (Exception e) {
            LOG.warn("Marketplace plugin {} {}: its features repository {} could not be removed: {}", plugin,
                    version, repo, e.getMessage());
        }
    }

    /** The marketplace's own feature for the plugin's version: its bundles, in the archive's order, and nothing else. */
    static String featuresXml(String plugin, String version, PluginArchive archive) {
        StringBuilder xml = new StringBuilder()
                .append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<!-- written by the DotMac marketplace for ").append(plugin).append(' ').append(version)
                .append(": do not edit -->\n")
                .append("<features name=\"").append(feature(plugin)).append('-').append(version)
                .append("\" xmlns=\"http://karaf.apache.org/xmlns/features/v1.6.0\">\n")
                .append("  <feature name=\"").append(feature(plugin)).append("\" version=\"").append(version)
                .append("\">\n");
        for (PluginArchive.Member m : archive.bundles()) {
            xml.append("    <bundle>").append(url(plugin, version, m.entry())).append("</bundle>\n");
        }
        return xml.append("  </feature>\n</features>\n").toString();
    }

    static String url(String plugin, String version, String entry) {
        return SCHEME + ":" + plugin + "/" + version + "/" + entry;
    }
}
