package io.dotmac.network.monitoring;

/**
 * EventAdmin topics of network monitoring, posted once the state change is stored. Every event carries the tenant
 * ({@code tenant}, {@code tenantSlug}), {@link #DEVICE}, {@link #DEVICE_NAME} and {@link #ADDRESS}; interface
 * events also {@link #IF_INDEX} and {@link #IF_NAME}; DEVICE_DOWN also {@link #REASON}; the DOWN events also
 * {@link #SINCE}. They are debounced: a device
 * is DOWN after {@code downAfterPolls} failed polls in a row, an interface after as many polls seeing it not up.
 */
public final class NetworkEvents {

    public static final String DEVICE_DOWN = "io/dotmac/network/DEVICE_DOWN";
    public static final String DEVICE_UP = "io/dotmac/network/DEVICE_UP";
    public static final String INTERFACE_DOWN = "io/dotmac/network/INTERFACE_DOWN";
    public static final String INTERFACE_UP = "io/dotmac/network/INTERFACE_UP";

    public static final String DEVICE = "device";
    public static final String DEVICE_NAME = "deviceName";
    public static final String ADDRESS = "address";
    public static final String IF_INDEX = "ifIndex";
    public static final String IF_NAME = "ifName";
    public static final String REASON = "reason";
    /** When the outage began (epoch milliseconds, a {@code Long}): the first failed poll, or the first not up. */
    public static final String SINCE = "since";

    private NetworkEvents() {
    }
}
