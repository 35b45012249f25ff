package io.dotmac.apiaccess.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import io.dotmac.platform.api.FieldError;
import io.dotmac.platform.api.ValidationException;

/**
 * What an API key may be given: {@code <resource>:read} or {@code <resource>:write}, the resource being the first
 * segment of an API path below {@code /api/v1} that a tenant's staff may use. Administration (users, plugins, API
 * keys themselves) is never a key's: those endpoints are for {@code isp_admin}, which a key never is.
 */
final class Scopes {

    /** The resources a key can be scoped to. */
    static final Set<String> RESOURCES = Set.of("customers", "plans", "subscriptions", "invoices", "credit-notes",
            "billing", "tickets", "reports", "network", "notifications", "integrations", "automation", "tenant");
    private static final Pattern SCOPE = Pattern.compile("([a-z-]+):(read|write)");
    static final int MAX = 40;

    private Scopes() {
    }

    /**
     * {@code scopes} checked and without repeats, in their order; 422 naming {@code scopes} when there are none, one
     * is unknown, or {@code readOnly} and one writes.
     */
    static List<String> check(List<String> scopes, boolean readOnly) {
        if (scopes == null || scopes.isEmpty()) {
            throw new ValidationException("scopes", "must name at least one scope, such as customers:read");
        }
        if (scopes.size() > MAX) {
            throw new ValidationException("scopes", "must name at most " + MAX + " scopes");
        }
        List<FieldError> errors = new ArrayList<>();
        Set<String> out = new LinkedHashSet<>();
        for (String scope : scopes) {
            var m = scope == null ? null : SCOPE.matcher(scope);
            if (m == null || !m.matches() || !RESOURCES.contains(m.group(1))) {
                errors.add(new FieldError("scopes", "unknown scope '" + scope + "': <resource>:read|write, resource "
                        + "one of " + String.join(", ", RESOURCES.stream().sorted().toList())));
            } else if (readOnly && m.group(2).equals("write")) {
                errors.add(new FieldError("scopes", "'" + scope + "': the limited API access of tier BASIC has read "
                        + "scopes only (write scopes from PREMIUM)"));
            } else {
                out.add(scope);
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return List.copyOf(out);
    }

    static boolean writes(String scope) {
        return scope.endsWith(":write");
    }
}
