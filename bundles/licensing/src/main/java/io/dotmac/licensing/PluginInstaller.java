package io.dotmac.licensing;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Installs and removes plugin features at runtime through Karaf's features service, never refreshing an installed
 * bundle (option {@code NoAutoRefreshBundles}): core bundles keep running, and requests in flight are not dropped.
 * The plugin joins or leaves the catalogue as its bundle comes and goes.
 */
@ProviderType
public interface PluginInstaller {

    /**
     * Installs a feature ({@code name} or {@code name/version}) from the repositories Karaf knows.
     *
     * @throws io.dotmac.platform.api.NotFoundException   when no repository has it
     * @throws io.dotmac.platform.api.ConflictException   when it cannot be installed without refreshing others
     */
    void install(String feature);

    /** Uninstalls a feature; a no-op when it is not installed. */
    void uninstall(String feature);
}
