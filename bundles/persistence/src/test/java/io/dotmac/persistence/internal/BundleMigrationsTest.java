package io.dotmac.persistence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleMigrationsTest {

    @TempDir
    Path dir;

    private URL write(String name, String sql) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, sql);
        return p.toUri().toURL();
    }

    @Test
    void commonAndVendorFoldersAreMergedAndFilteredByPrefixAndSuffix() throws Exception {
        Map<String, URL> files = Map.of(
                "db/migration/common/V1__a.sql", write("a", "select 1"),
                "db/migration/postgresql/V2__b.sql", write("b", "select 2"),
                "db/migration/h2/V2__c.sql", write("c", "select 3"));
        BundleMigrations m = new BundleMigrations(folder -> files.keySet().stream()
                .filter(k -> k.startsWith(folder + "/")).sorted().toList(), files::get, "postgresql");
        assertEquals(List.of("V1__a.sql", "V2__b.sql"), List.copyOf(m.names()));
        assertEquals(2, m.getResources("V", new String[] {".sql"}).size());
        assertEquals(0, m.getResources("R", new String[] {".sql"}).size());
        java.io.StringWriter content = new java.io.StringWriter();
        m.getResource("V2__b.sql").read().transferTo(content);
        assertEquals("select 2", content.toString());
    }

    @Test
    void aMigrationNamedTwiceIsRefused() throws Exception {
        URL a = write("a", "select 1");
        assertThrows(IllegalStateException.class, () -> new BundleMigrations(
                folder -> List.of(folder + "/V1__a.sql"), p -> a, "h2"));
    }
}
