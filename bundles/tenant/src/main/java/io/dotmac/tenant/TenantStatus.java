package io.dotmac.tenant;

/** Whether a tenant is served. A suspended tenant's requests get 403; its data stays. */
public enum TenantStatus {
    ACTIVE, SUSPENDED
}
