package io.dotmac.rest.internal;

import java.util.List;

import javax.ws.rs.BadRequestException;

import io.dotmac.platform.api.FieldError;

/**
 * A request that cannot be read (its body, or a query parameter the endpoint does not take): a 400 problem, with the
 * field or parameter at fault when one is known.
 */
final class BadRequestBodyException extends BadRequestException {
    private static final long serialVersionUID = 1L;

    private final transient List<FieldError> errors;

    BadRequestBodyException(String message, List<FieldError> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    List<FieldError> errors() {
        return errors;
    }
}
