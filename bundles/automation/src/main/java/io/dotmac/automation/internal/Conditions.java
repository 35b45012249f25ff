package io.dotmac.automation.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.dotmac.automation.Rule;
import io.dotmac.automation.internal.EventCatalogue.Type;
import io.dotmac.platform.api.FieldError;

/**
 * Rule conditions, checked against the trigger's fields and compiled once into a {@link Test}. Numbers compare as
 * decimals, dates as dates; {@code matches} runs under a step budget, so a pathological expression gives up
 * (no match) instead of holding a worker.
 */
final class Conditions {

    static final int MAX_DEPTH = 4;
    static final int MAX_TESTS = 50;
    static final int MAX_IN = 100;
    static final int MAX_PATTERN = 200;
    static final int MAX_MATCHED_CHARS = 2000;
    static final long REGEX_STEPS = 200_000;
    static final List<String> OPS = List.of("equals", "not_equals", "in", "gt", "gte", "lt", "lte", "matches");

    /** A compiled condition; {@code trace}, when not null, gets one line per test. */
    interface Test {
        boolean test(Map<String, Object> event, List<String> trace);
    }

    /** Always true: a rule without conditions. */
    static final Test ALWAYS = (event, trace) -> true;

    private Conditions() {
    }

    /** Compiles {@code c} (null: {@link #ALWAYS}), adding what is wrong to {@code errors} under {@code path}. */
    static Test compile(Rule.Condition c, Map<String, Type> fields, List<FieldError> errors) {
        if (c == null) {
            return ALWAYS;
        }
        int[] tests = { 0 };
        Test t = compile(c, "conditions", fields, errors, 1, tests);
        if (tests[0] > MAX_TESTS) {
            errors.add(new FieldError("conditions", "at most " + MAX_TESTS + " tests"));
        }
        return t;
    }

    private static Test compile(Rule.Condition c, String path, Map<String, Type> fields, List<FieldError> errors,
            int depth, int[] tests) {
        if (c == null) {
            errors.add(new FieldError(path, "is empty"));
            return ALWAYS;
        }
        int kinds = (c.all() != null ? 1 : 0) + (c.any() != null ? 1 : 0) + (c.field() != null ? 1 : 0);
        if (kinds != 1) {
            errors.add(new FieldError(path, "must be exactly one of all, any, or a test of a field (field, op, "
                    + "value)"));
            return ALWAYS;
        }
        if (c.field() == null) {
            if (c.op() != null || c.value() != null) {
                errors.add(new FieldError(path, "all and any take no op or value"));
            }
            boolean all = c.all() != null;
            List<Rule.Condition> parts = all ? c.all() : c.any();
            String name = path + (all ? ".all" : ".any");
            if (parts.isEmpty()) {
                errors.add(new FieldError(name, "needs at least one condition"));
                return ALWAYS;
            }
            if (depth >= MAX_DEPTH) {
                errors.add(new FieldError(name, "nested deeper than " + MAX_DEPTH));
                return ALWAYS;
            }
            List<Test> compiled = new ArrayList<>();
            for (int i = 0; i < parts.size(); i++) {
                compiled.add(compile(parts.get(i), name + "[" + i + "]", fields, errors, depth + 1, tests));
            }
            return all ? (event, trace) -> {
                boolean result = true;
                for (Test t : compiled) {
                    if (!t.test(event, trace)) {
                        result = false;
                        if (trace == null) {
                            break;
                        }
                    }
                }
                return result;
            } : (event, trace) -> {
                boolean result = false;
                for (Test t : compiled) {
                    if (t.test(event, trace)) {
                        result = true;
                        if (trace == null) {
                            break;
                        }
                    }
                }
                return result;
            };
        }
        tests[0]++;
        return leaf(c, path, fields, errors);
    }

    private static Test leaf(Rule.Condition c, String path, Map<String, Type> fields, List<FieldError> errors) {
        Type type = fields.get(c.field());
        if (type == null) {
            errors.add(new FieldError(path + ".field", "'" + c.field() + "' is not a field of the trigger's event; "
                    + "it has " + fields.keySet().stream().sorted().toList()));
            return ALWAYS;
        }
        String op = c.op();
        if (op == null || !OPS.contains(op)) {
            errors.add(new FieldError(path + ".op", "must be one of " + OPS));
            return ALWAYS;
        }
        String field = c.field();
        String valuePath = path + ".value";
        switch (op) {
            case "equals", "not_equals" -> {
                Object expected = constant(c.value(), type, valuePath, errors);
                boolean negate = op.equals("not_equals");
                return named(field, op, c.value(), (event, trace) -> {
                    Object actual = event.get(field);
                    return actual != null && any(actual, v -> Objects.equals(normalise(v, type), expected)) != negate;
                });
            }
            case "in" -> {
                if (!(c.value() instanceof List<?> list) || list.isEmpty() || list.size() > MAX_IN) {
                    errors.add(new FieldError(valuePath, "must be a list of 1 to " + MAX_IN + " values"));
                    return ALWAYS;
                }
                List<Object> expected = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    expected.add(constant(list.get(i), type, valuePath + "[" + i + "]", errors));
                }
                return named(field, op, c.value(), (event, trace) -> {
                    Object actual = event.get(field);
                    return actual != null && any(actual, v -> expected.contains(normalise(v, type)));
                });
            }
            case "gt", "gte", "lt", "lte" -> {
                if (type != Type.NUMBER && type != Type.DATE) {
                    errors.add(new FieldError(path + ".op", op + " compares numbers and dates; " + field + " is "
                            + type.name().toLowerCase(java.util.Locale.ROOT)));
                    return ALWAYS;
                }
                Object bound = constant(c.value(), type, valuePath, errors);
                if (!(bound instanceof Comparable<?>)) {
                    return ALWAYS;
                }
                return named(field, op, c.value(), (event, trace) -> {
                    Object actual = normalise(event.get(field), type);
                    if (actual == null) {
                        return false;
                    }
                    @SuppressWarnings({ "unchecked", "rawtypes" })
                    int cmp = ((Comparable) actual).compareTo(bound);
                    return switch (op) {
                        case "gt" -> cmp > 0;
                        case "gte" -> cmp >= 0;
                        case "lt" -> cmp < 0;
                        default -> cmp <= 0;
                    };
                });
            }
            default -> { // matches
                if (type != Type.TEXT && type != Type.LIST) {
                    errors.add(new FieldError(path + ".op", "matches tests text; " + field + " is "
                            + type.name().toLowerCase(java.util.Locale.ROOT)));
                    return ALWAYS;
                }
                if (!(c.value() instanceof String regex) || regex.isEmpty() || regex.length() > MAX_PATTERN) {
                    errors.add(new FieldError(valuePath, "must be a regular expression of 1 to " + MAX_PATTERN
                            + " characters"));
                    return ALWAYS;
                }
                Pattern pattern;
                try {
                    pattern = Pattern.compile(regex);
                } catch (PatternSyntaxException e) {
                    errors.add(new FieldError(valuePath, "is not a regular expression: " + e.getDescription()
                            + " near index " + e.getIndex()));
                    return ALWAYS;
                }
                return named(field, op, c.value(), (event, trace) -> {
                    Object actual = event.get(field);
                    return actual != null && any(actual, v -> matches(pattern, String.valueOf(v)));
                });
            }
        }
    }

    /** Adds the test's line to the trace. */
    private static Test named(String field, String op, Object value, Test test) {
        return (event, trace) -> {
            boolean result = test.test(event, null);
            if (trace != null) {
                trace.add(field + " " + op + " " + value + ": " + (event.containsKey(field) ? event.get(field)
                        : "(absent)") + " -> " + result);
            }
            return result;
        };
    }

    private static boolean any(Object actual, java.util.function.Predicate<Object> test) {
        if (actual instanceof Collection<?> many) {
            return many.stream().anyMatch(test);
        }
        if (actual instanceof Object[] many) {
            return java.util.Arrays.stream(many).anyMatch(test);
        }
        return test.test(actual);
    }

    /** The constant {@code value} as the field's type compares it; adds an error when it is not one. */
    private static Object constant(Object value, Type type, String path, List<FieldError> errors) {
        if (value == null || value instanceof Collection<?> || value instanceof Map<?, ?>) {
            errors.add(new FieldError(path, "must be a " + describe(type)));
            return null;
        }
        Object n = normalise(value, type);
        if (n == null) {
            errors.add(new FieldError(path, "'" + value + "' is not a " + describe(type)));
        }
        return n;
    }

    private static String describe(Type type) {
        return switch (type) {
            case NUMBER -> "number";
            case DATE -> "date (yyyy-MM-dd)";
            case BOOLEAN -> "boolean";
            default -> "text value";
        };
    }

    /** An event's (or a constant's) value as {@code type}: BigDecimal, LocalDate, Boolean or String; null if not. */
    static Object normalise(Object value, Type type) {
        if (value == null) {
            return null;
        }
        String s = String.valueOf(value).strip();
        switch (type) {
            case NUMBER -> {
                if (s.length() > io.dotmac.platform.api.Values.MAX_DECIMAL_LENGTH) {
                    return null; // not a number worth parsing: its cost grows with the square of its length
                }
                try {
                    return new BigDecimal(s).stripTrailingZeros();
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            case DATE -> {
                try {
                    return LocalDate.parse(s.length() > 10 ? s.substring(0, 10) : s);
                } catch (DateTimeParseException e) {
                    return null;
                }
            }
            case BOOLEAN -> {
                return s.equalsIgnoreCase("true") ? Boolean.TRUE : s.equalsIgnoreCase("false") ? Boolean.FALSE : null;
            }
            default -> {
                return s;
            }
        }
    }

    /** Whether {@code pattern} matches all of {@code text}; false when it takes more than its step budget. */
    static boolean matches(Pattern pattern, String text) {
        String bounded = text.length() > MAX_MATCHED_CHARS ? text.substring(0, MAX_MATCHED_CHARS) : text;
        try {
            return pattern.matcher(new Budgeted(bounded, REGEX_STEPS)).matches();
        } catch (Budgeted.Exhausted e) {
            return false;
        }
    }

    /** Text whose characters can be read only so many times: backtracking past that ends the match. */
    private static final class Budgeted implements CharSequence {

        static final class Exhausted extends RuntimeException {
            private static final long serialVersionUID = 1L;

            Exhausted() {
                super(null, null, false, false);
            }
        }

        private final String text;
        private final long[] left;

        Budgeted(String text, long budget) {
            this(text, new long[] { budget });
        }

        private Budgeted(String text, long[] left) {
            this.text = text;
            this.left = left;
        }

        @Override
        public char charAt(int index) {
            if (--left[0] < 0) {
                throw new Exhausted();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Budgeted(text.substring(start, end), left);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
