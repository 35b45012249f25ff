package io.dotmac.platform.api;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Parsing of the enumerated and coded values clients send, with the errors naming their field. */
public final class Values {

    /**
     * The longest decimal string accepted ({@value}): more than any amount, rate or quantity needs. A longer one is
     * refused before it is parsed, since parsing a decimal costs time growing with the square of its length (a
     * million digits took minutes of CPU).
     */
    public static final int MAX_DECIMAL_LENGTH = 40;

    private static final java.util.regex.Pattern DECIMAL = java.util.regex.Pattern.compile("[-+]?[0-9]+(\\.[0-9]+)?");

    private Values() {
    }

    /**
     * A plain decimal string ({@code "49.90"}, {@code "-3"}, {@code "0.5"}: digits with an optional sign and
     * fraction, no exponent, at most {@value #MAX_DECIMAL_LENGTH} characters) as a number, or {@code null} after
     * adding an error naming {@code field}. A {@code null} value is an error too.
     */
    public static BigDecimal decimal(String value, String field, List<FieldError> errors) {
        if (value == null) {
            errors.add(new FieldError(field, "is required, as a decimal string such as \"49.90\""));
            return null;
        }
        String s = value.strip();
        if (s.length() > MAX_DECIMAL_LENGTH) {
            errors.add(new FieldError(field, "must be at most " + MAX_DECIMAL_LENGTH + " characters"));
            return null;
        }
        if (!DECIMAL.matcher(s).matches()) {
            errors.add(new FieldError(field, "must be a decimal number such as \"49.90\""));
            return null;
        }
        return new BigDecimal(s);
    }

    /**
     * The constant of {@code type} named exactly {@code value}, or {@code null} after adding an error naming
     * {@code field} and listing the allowed names. A {@code null} value is an error too.
     */
    public static <E extends Enum<E>> E oneOf(Class<E> type, String value, String field, List<FieldError> errors) {
        if (value != null) {
            for (E e : type.getEnumConstants()) {
                if (e.name().equals(value)) {
                    return e;
                }
            }
        }
        errors.add(new FieldError(field, "must be one of " + Arrays.stream(type.getEnumConstants()).map(Enum::name)
                .collect(Collectors.joining(", "))));
        return null;
    }

    /**
     * A filter's value: {@code null} for none (absent or blank), the constant of {@code type} it names, or a
     * {@link ValidationException} naming {@code field}.
     */
    public static <E extends Enum<E>> E filter(Class<E> type, String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        List<FieldError> errors = new java.util.ArrayList<>();
        E e = oneOf(type, value.strip(), field, errors);
        if (e == null) {
            throw new ValidationException(errors);
        }
        return e;
    }

    /** The ISO 4217 currency {@code code} (upper case), if it is one for money (not XXX, XAU and the like). */
    public static Optional<Currency> currency(String code) {
        if (code == null || !code.matches("[A-Z]{3}")) {
            return Optional.empty();
        }
        try {
            Currency c = Currency.getInstance(code);
            return c.getDefaultFractionDigits() < 0 ? Optional.empty() : Optional.of(c);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
