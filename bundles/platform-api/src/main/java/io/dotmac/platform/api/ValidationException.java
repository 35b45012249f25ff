package io.dotmac.platform.api;

import java.util.List;

/** The request is well-formed but some fields are invalid: HTTP 422 with one entry per field. */
public class ValidationException extends DotMacException {
    private static final long serialVersionUID = 1L;

    private final List<FieldError> errors;

    public ValidationException(List<FieldError> errors) {
        super(summary(errors));
        this.errors = List.copyOf(errors);
    }

    /** A single invalid field. */
    public ValidationException(String field, String message) {
        this(List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }

    private static String summary(List<FieldError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a validation error names at least one field");
        }
        return errors.size() == 1
                ? "Invalid field '" + errors.get(0).field() + "': " + errors.get(0).message()
                : errors.size() + " fields are invalid";
    }
}
