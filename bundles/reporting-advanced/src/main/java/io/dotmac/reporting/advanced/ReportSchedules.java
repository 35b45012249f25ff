package io.dotmac.reporting.advanced;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.TenantRef;

/** A tenant's scheduled reports. Every call is scoped to the tenant; another tenant's schedule is not found. */
@ProviderType
public interface ReportSchedules {

    /** @throws io.dotmac.platform.api.ValidationException naming every invalid field */
    ReportSchedule create(TenantRef tenant, ReportSchedule.Input input);

    Page<ReportSchedule> list(TenantRef tenant, int limit, String cursor);

    ReportSchedule get(TenantRef tenant, String id);

    /** Replaces the schedule; the next run is computed again. */
    ReportSchedule replace(TenantRef tenant, String id, ReportSchedule.Input input);

    void delete(TenantRef tenant, String id);

    /** Runs the schedule now (its next due time stays); returns the delivery once the e-mails are queued. */
    ReportDelivery runNow(TenantRef tenant, String id);

    /** The schedule's last deliveries, newest first. */
    List<ReportDelivery> deliveries(TenantRef tenant, String id, int limit);

    /**
     * The schedule's deliveries, newest first, a page at a time: {@code cursor} is the {@code nextCursor} of the page
     * before (null: the newest page).
     *
     * @throws io.dotmac.platform.api.ValidationException naming {@code cursor} when it is not one
     */
    Page<ReportDelivery> deliveries(TenantRef tenant, String id, int limit, String cursor);
}
