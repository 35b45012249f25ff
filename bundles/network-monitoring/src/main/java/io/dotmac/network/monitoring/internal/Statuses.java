package io.dotmac.network.monitoring.internal;

/** IF-MIB's ifAdminStatus/ifOperStatus codes by name. */
final class Statuses {

    private static final String[] NAMES = {null, "up", "down", "testing", "unknown", "dormant", "notPresent",
        "lowerLayerDown"};

    private Statuses() {
    }

    static String name(int code) {
        return code > 0 && code < NAMES.length ? NAMES[code] : null;
    }
}
