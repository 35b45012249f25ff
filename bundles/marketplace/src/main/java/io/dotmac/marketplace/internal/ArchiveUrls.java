package io.dotmac.marketplace.internal;

import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.url.AbstractURLStreamHandlerService;
import org.osgi.service.url.URLConstants;
import org.osgi.service.url.URLStreamHandlerService;

import io.dotmac.marketplace.Marketplace;
import io.dotmac.platform.api.NotFoundException;

/**
 * The {@code marketplace:<plugin>/<version>/<entry>} URLs of the features the {@link FeatureInstaller} writes: a
 * bundle of a stored plugin archive ({@value PluginArchive#WHOLE}: the archive itself, a bundle jar), served only
 * for an available version and only while the archive's digest is the one verified at upload.
 */
@Component(service = URLStreamHandlerService.class,
        property = URLConstants.URL_HANDLER_PROTOCOL + "=" + FeatureInstaller.SCHEME)
public class ArchiveUrls extends AbstractURLStreamHandlerService {

    private final Marketplace marketplace;
    private final Path store;

    @Activate
    public ArchiveUrls(@Reference Marketplace marketplace) {
        this.marketplace = marketplace;
        this.store = MarketplaceService.storeDirectory();
    }

    @Override
    public URLConnection openConnection(URL u) throws IOException {
        return new URLConnection(u) {
            private byte[] bytes;

            @Override
            public void connect() throws IOException {
                if (bytes == null) {
                    bytes = read(url.getPath());
                }
            }

            @Override
            public InputStream getInputStream() throws IOException {
                connect();
                return new ByteArrayInputStream(bytes);
            }

            @Override
            public long getContentLengthLong() {
                return bytes == null ? -1 : bytes.length;
            }
        };
    }

    private byte[] read(String path) throws IOException {
        String[] parts = path.split("/", 3);
        if (parts.length != 3) {
            throw new FileNotFoundException("marketplace:" + path + " is not <plugin>/<version>/<entry>");
        }
        String plugin = parts[0];
        String version = parts[1];
        String entry = parts[2];
        Marketplace.Version v;
        try {
            v = marketplace.listing(plugin).versions().stream()
                    .filter(x -> x.version().equals(version) && x.status().equals("AVAILABLE")).findFirst()
                    .orElseThrow(() -> new FileNotFoundException("marketplace:" + path + ": no available version "
                            + version + " of '" + plugin + "'"));
        } catch (NotFoundException e) {
            throw new FileNotFoundException("marketplace:" + path + ": " + e.getMessage());
        }
        Path archive = MarketplaceService.archive(store, plugin, version);
        if (archive == null) {
            throw new FileNotFoundException("marketplace:" + path + ": the stored archive is missing");
        }
        byte[] all = Files.readAllBytes(archive);
        if (!v.sha256().equals(MarketplaceService.sha256(all))) {
            throw new IOException("marketplace:" + path + ": the stored archive is not the one verified at upload "
                    + "(its digest changed)");
        }
        if (entry.equals(PluginArchive.WHOLE)) {
            return all;
        }
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(all))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null;) {
                if (e.getName().equals(entry)) {
                    return zip.readAllBytes();
                }
            }
        }
        throw new FileNotFoundException("marketplace:" + path + ": no such entry in the archive");
    }
}
