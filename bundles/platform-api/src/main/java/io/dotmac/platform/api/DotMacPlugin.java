package io.dotmac.platform.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.annotation.bundle.Attribute;
import org.osgi.annotation.bundle.Capability;

/**
 * Declares the bundle as a DotMac plugin. Put it on one {@code package-info.java} of the plugin bundle; bnd then
 * writes the capability the licensing bundle reads:
 * <pre>Provide-Capability: io.dotmac.plugin; io.dotmac.plugin=automated_billing; tier=BASIC;
 *   name="Automated billing"; version:Version=1.0.0</pre>
 * The capability's version is the version of the annotated package, so give that {@code package-info.java} an
 * OSGi {@code @Version} too: it is the plugin's version.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.PACKAGE, ElementType.TYPE})
@Capability(namespace = DotMacPlugin.NAMESPACE, name = "${#id}", version = "${@version}")
public @interface DotMacPlugin {

    /** The capability namespace of DotMac plugins. */
    String NAMESPACE = "io.dotmac.plugin";

    /** The plugin id, e.g. {@code automated_billing}: lower case letters, digits and underscores. */
    String id();

    /** The lowest tier that includes the plugin. */
    @Attribute("tier")
    Tier tier();

    /** The plugin's human-readable name. */
    @Attribute("name")
    String name();
}
