package io.dotmac.tenant;

/**
 * What creating a tenant takes: its name, slug ({@code [a-z0-9-]{3,40}}), tier name, the ISO 4217 currency it bills
 * in ({@code null}: USD) and first administrator. Fields are strings as the client sent them; the service validates
 * them all at once.
 */
public record NewTenant(String name, String slug, String tier, String currency, NewAdmin admin) {

    /** The tenant's first {@code isp_admin}. */
    public record NewAdmin(String username, String email, String password) {
        @Override
        public String toString() {
            return "NewAdmin[username=" + username + ", email=" + email + "]";
        }
    }
}
