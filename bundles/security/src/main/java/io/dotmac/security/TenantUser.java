package io.dotmac.security;

import java.time.Instant;

/** A user of a tenant. {@code role} is {@code isp_admin}, {@code isp_staff} or {@code isp_readonly}. */
public record TenantUser(String id, String username, String email, String role, boolean active, Instant createdAt) {

    /** What creating a user takes: every field required; the password at least 10 characters. */
    public record Input(String username, String email, String password, String role) {
        @Override
        public String toString() {
            return "Input[username=" + username + ", email=" + email + ", role=" + role + "]";
        }
    }

    /** What may change: role, active, e-mail (each optional). */
    public record Changes(String role, Boolean active, String email) {
    }
}
