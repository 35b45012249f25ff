package io.dotmac.management;

import java.util.Map;

/**
 * A region ISPs may choose, as configured in {@code etc/io.dotmac.management.cfg}: the provider that runs its
 * instances and that provider's settings for it.
 */
public record Region(String name, String provider, String description, Map<String, String> settings) {
}
