package io.dotmac.security.internal;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Component;

import io.dotmac.security.Secrets;

/** {@link Secrets} with key files under {@code ${karaf.etc}}; each file's key is read once. */
@Component
public class SecretsService implements Secrets {

    private final Path etc = Path.of(System.getProperty("karaf.etc", "etc"));
    private final Map<String, Sealer> sealers = new ConcurrentHashMap<>();

    @Override
    public Sealer sealer(String keyFile) {
        if (keyFile == null || keyFile.isBlank() || keyFile.contains("/") || keyFile.contains("\\")
                || keyFile.startsWith(".")) {
            throw new IllegalArgumentException("a key file is a plain file name under etc/, not '" + keyFile + "'");
        }
        return sealers.computeIfAbsent(keyFile, f -> SecretBox.of(etc.resolve(f)));
    }
}
