package io.dotmac.persistence.internal;

import java.io.IOException;
import java.io.InputStream;

import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;

/**
 * Serves Flyway the SQL migrations packed in a bundle. Flyway cannot scan a bundle's class path, so the
 * migrations are listed here: those under {@code db/migration/common} run on every database, those under
 * {@code db/migration/<vendor>} (for instance {@code postgresql}, {@code h2}) only on that one.
 */
final class BundleMigrations implements ResourceProvider {

    private final Map<String, LoadableResource> resources = new TreeMap<>();

    /**
     * @param entries lists the resource paths under a folder (for a bundle, {@code findEntries})
     * @param opener  opens a resource path
     */
    BundleMigrations(Function<String, List<String>> entries, Function<String, URL> opener, String vendor) {
        for (String folder : List.of("db/migration/common", "db/migration/" + vendor)) {
            for (String path : entries.apply(folder)) {
                String name = path.substring(path.lastIndexOf('/') + 1);
                if (resources.containsKey(name)) {
                    throw new IllegalStateException("migration " + name + " exists twice");
                }
                resources.put(name, new Resource(path, name, read(opener.apply(path))));
            }
        }
    }

    private static String read(URL url) {
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read migration " + url, e);
        }
    }

    Collection<String> names() {
        return resources.keySet();
    }

    @Override
    public LoadableResource getResource(String name) {
        return resources.get(name);
    }

    @Override
    public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
        List<LoadableResource> found = new ArrayList<>();
        for (Map.Entry<String, LoadableResource> e : resources.entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                continue;
            }
            for (String suffix : suffixes) {
                if (e.getKey().endsWith(suffix)) {
                    found.add(e.getValue());
                    break;
                }
            }
        }
        return found;
    }

    private static final class Resource extends LoadableResource {
        private final String path;
        private final String name;
        private final String content;

        Resource(String path, String name, String content) {
            this.path = path;
            this.name = name;
            this.content = content;
        }

        @Override
        public Reader read() {
            return new StringReader(content);
        }

        @Override
        public String getAbsolutePath() {
            return path;
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return path;
        }

        @Override
        public String getFilename() {
            return name;
        }

        @Override
        public String getRelativePath() {
            return name;
        }
    }

}
