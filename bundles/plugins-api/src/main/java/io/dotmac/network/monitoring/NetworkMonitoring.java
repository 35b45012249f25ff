package io.dotmac.network.monitoring;

import java.time.Instant;

import org.osgi.annotation.versioning.ProviderType;

import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.TenantRef;

/**
 * A tenant's monitored devices. Every call acts for one tenant and sees only its devices.
 *
 * @see NetworkEvents
 */
@ProviderType
public interface NetworkMonitoring {

    /**
     * @throws io.dotmac.platform.api.ValidationException naming each bad field
     * @throws io.dotmac.platform.api.ConflictException   when the tenant already monitors that address
     */
    Device create(TenantRef tenant, DeviceInput input);

    Page<Device> list(TenantRef tenant, String site, String tag, int limit, String cursor);

    /** @throws io.dotmac.platform.api.NotFoundException when the tenant has no such device */
    Device get(TenantRef tenant, String id);

    /** Replaces the device's settings; secrets left out are kept. */
    Device update(TenantRef tenant, String id, DeviceInput input);

    /** Deletes the device with its interfaces and history. */
    void delete(TenantRef tenant, String id);

    DeviceStatus status(TenantRef tenant, String id);

    /** The tenant's devices counted by the status of their last poll. */
    DeviceSummary summary(TenantRef tenant);

    /**
     * @param from  start, inclusive ({@code null}: 24 hours before {@code to})
     * @param to    end, exclusive ({@code null}: now)
     * @param stepSeconds width of a point ({@code null}: the range in about 300 points)
     */
    InterfaceHistory history(TenantRef tenant, String id, int ifIndex, Instant from, Instant to, Long stepSeconds);

    /**
     * The outages of the device and of its interfaces that overlap {@code [from, to)}, oldest first, as recorded
     * since this version (earlier ones were not kept).
     *
     * @throws io.dotmac.platform.api.NotFoundException   when the tenant has no such device
     * @throws io.dotmac.platform.api.ValidationException naming {@code from} when it is not before {@code to}
     */
    java.util.List<Outage> outages(TenantRef tenant, String id, Instant from, Instant to);

    /** Polls the device now and returns its status once the poll has been stored. */
    DeviceStatus pollNow(TenantRef tenant, String id);

    /** Probes an address range (at most 256 addresses) for agents. */
    Discovery discover(TenantRef tenant, DiscoveryRequest request);
}
