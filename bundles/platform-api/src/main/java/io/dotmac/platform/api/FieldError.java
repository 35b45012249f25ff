package io.dotmac.platform.api;

import java.util.Objects;

/**
 * One invalid field of a request.
 *
 * @param field the field's name as the client sent it (a JSON pointer-like path such as {@code admin.email})
 * @param message what is wrong with it
 */
public record FieldError(String field, String message) {
    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }
}
