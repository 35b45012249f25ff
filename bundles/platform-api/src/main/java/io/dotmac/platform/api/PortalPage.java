package io.dotmac.platform.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A page a plugin adds to the ISP portal ({@code /portal/}): a service registered by the plugin's bundle. The portal
 * shows it in a tenant user's navigation while the tenant may use the plugin (the plugin being the registering
 * bundle's, whatever the page says), and removes it when the bundle goes. The page itself is an ES module inside the
 * bundle, under its {@code portal/} folder, served at {@code /portal/plugins/<plugin>/...}; its default export renders
 * it: {@code export default async function render(root, ctx, path)}, where {@code ctx} gives the shell's API client
 * ({@code ctx.api(method, path, body)}), its DOM helpers ({@code h}, {@code mount}, {@code field},
 * {@code showErrors}, {@code showDialog}) and {@code navigate}; {@code path} is what follows {@code #/<id>/} in the URL.
 */
@ConsumerType
public interface PortalPage {

    /** Unique among the portal's pages: 1 to 40 lower-case letters, digits and '-'. The page is at {@code #/<id>}. */
    String id();

    /** Its label in the navigation. */
    String label();

    /** The module's path in the bundle, under {@code portal/}: {@code portal/customers.js}. */
    String module();

    /** Its place in the navigation, lower first: the core's pages 10 to 90, plugins' 100 and up. */
    default int order() {
        return 100;
    }
}
