package io.dotmac.reporting.basic;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.dotmac.platform.api.FieldError;
import io.dotmac.platform.api.ValidationException;
import io.dotmac.platform.api.Values;

/**
 * Reads a report's parameters (strings, as in a query), collecting an error for each invalid one and recording the
 * resolved values (defaults filled in) for the report to show. Call {@link #check()} once everything is read.
 */
public final class ReportParameters {

    /** The longest range a monthly report covers: 10 years. */
    public static final int MAX_MONTHS = 120;

    /** A range of dates, both ends included. */
    public record Range(LocalDate from, LocalDate to) {

        /** The calendar months the range touches, in order. */
        public List<YearMonth> months() {
            YearMonth last = YearMonth.from(to);
            return Stream.iterate(YearMonth.from(from), m -> !m.isAfter(last), m -> m.plusMonths(1)).toList();
        }

        /** The day after {@code to}: the exclusive end for timestamps. */
        public LocalDate end() {
            return to.plusDays(1);
        }
    }

    private final Map<String, String> values;
    private final List<FieldError> errors = new ArrayList<>();
    private final Map<String, String> resolved = new LinkedHashMap<>();

    private ReportParameters(Map<String, String> values) {
        this.values = values;
    }

    public static ReportParameters of(Map<String, String> values) {
        return new ReportParameters(values == null ? Map.of() : values);
    }

    /** The raw value of {@code name}, blank as absent. */
    public Optional<String> raw(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    /** The date {@code name} ({@code yyyy-MM-dd}), or {@code otherwise} when absent. */
    public LocalDate date(String name, LocalDate otherwise) {
        LocalDate date = raw(name).map(v -> parse(name, v)).orElse(otherwise);
        if (date != null) {
            resolved.put(name, date.toString());
        }
        return date;
    }

    private LocalDate parse(String name, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(name, "must be a date as yyyy-MM-dd"));
            return null;
        }
    }

    /**
     * The range {@code from}..{@code to}: {@code to} defaults to {@code today}, {@code from} to the first day of the
     * eleventh month before {@code to} (twelve calendar months in all). At most {@link #MAX_MONTHS} months. Instead
     * of the dates, {@code period} may name a range relative to {@code today} (see {@link #PERIODS}), as scheduled
     * reports do.
     */
    public Range range(LocalDate today) {
        return range(today, to -> to.minusMonths(11).withDayOfMonth(1));
    }

    /** The periods {@code period} may name. */
    public static final List<String> PERIODS = List.of("last-7-days", "last-30-days", "last-month", "last-3-months",
            "last-12-months", "month-to-date", "year-to-date");

    /** As {@link #range(LocalDate)}, with {@code from} defaulting to {@code defaultFrom(to)}. */
    public Range range(LocalDate today, java.util.function.UnaryOperator<LocalDate> defaultFrom) {
        Optional<String> period = raw("period");
        if (period.isPresent()) {
            if (raw("from").isPresent() || raw("to").isPresent()) {
                errors.add(new FieldError("period", "cannot be combined with from or to"));
                return null;
            }
            Range range = period(period.get(), today);
            if (range == null) {
                errors.add(new FieldError("period", "must be one of " + String.join(", ", PERIODS)));
                return null;
            }
            resolved.put("period", period.get());
            resolved.put("from", range.from().toString());
            resolved.put("to", range.to().toString());
            return range;
        }
        LocalDate to = date("to", today);
        LocalDate from = date("from", to == null ? null : defaultFrom.apply(to));
        if (from == null || to == null) {
            return null;
        }
        if (from.isAfter(to)) {
            errors.add(new FieldError("from", "must not be after to (" + to + ")"));
            return null;
        }
        if (ChronoUnit.MONTHS.between(YearMonth.from(from), YearMonth.from(to)) >= MAX_MONTHS) {
            errors.add(new FieldError("from", "must be at most " + MAX_MONTHS + " months before to"));
            return null;
        }
        return new Range(from, to);
    }

    private static Range period(String name, LocalDate today) {
        YearMonth month = YearMonth.from(today);
        return switch (name) {
            case "last-7-days" -> new Range(today.minusDays(7), today.minusDays(1));
            case "last-30-days" -> new Range(today.minusDays(30), today.minusDays(1));
            case "last-month" -> new Range(month.minusMonths(1).atDay(1), month.minusMonths(1).atEndOfMonth());
            case "last-3-months" -> new Range(month.minusMonths(3).atDay(1), month.minusMonths(1).atEndOfMonth());
            case "last-12-months" -> new Range(month.minusMonths(12).atDay(1), month.minusMonths(1).atEndOfMonth());
            case "month-to-date" -> new Range(month.atDay(1), today);
            case "year-to-date" -> new Range(today.withDayOfYear(1), today);
            default -> null;
        };
    }

    /** The ISO 4217 currency {@code name}, upper case, or {@code null} when absent (all currencies). */
    public String currency(String name) {
        Optional<String> value = raw(name);
        if (value.isEmpty()) {
            return null;
        }
        Optional<java.util.Currency> currency = Values.currency(value.get().toUpperCase(java.util.Locale.ROOT));
        if (currency.isEmpty()) {
            errors.add(new FieldError(name, "must be an ISO 4217 currency code such as USD"));
            return null;
        }
        resolved.put(name, currency.get().getCurrencyCode());
        return currency.get().getCurrencyCode();
    }

    /** Adds an error naming {@code name}. */
    public void invalid(String name, String message) {
        errors.add(new FieldError(name, message));
    }

    /** Records a resolved value computed by the report itself. */
    public void resolve(String name, String value) {
        resolved.put(name, value);
    }

    /** @throws ValidationException naming every invalid parameter read so far */
    public void check() {
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    /** The parameters as the report was computed for them. */
    public Map<String, String> resolved() {
        return resolved;
    }
}
