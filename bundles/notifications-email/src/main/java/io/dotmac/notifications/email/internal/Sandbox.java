package io.dotmac.notifications.email.internal;

import java.lang.reflect.Method;
import java.util.Locale;
import java.util.Set;

import freemarker.core.TemplateElement;
import freemarker.core.TemplateObject;
import freemarker.template.Template;
import io.dotmac.platform.api.FieldError;

/**
 * What a tenant's template may use: the parsed template is walked, and every directive, built-in and kind of
 * expression must be on an allow-list. The list keeps what an e-mail needs (output, {@code #if}, {@code #list},
 * {@code #switch}, string and number formatting) and leaves out everything that lets a template of a few characters
 * make a value far larger than itself or run without an interruption point: assignments, macros and functions
 * (growth and recursion), ranges other than a {@code #list}'s source or a slice ({@code (1..1e9)?join}), padding,
 * joining and replacing (a chain multiplies), regular expressions (catastrophic backtracking), {@code ?eval} and
 * {@code ?interpret} (a template made at run time escapes the check), and {@code #attempt} (it buffers output and
 * hides the limits' errors). Time and output are bounded separately, when the template renders ({@link Templates}).
 *
 * <p>FreeMarker has no public tree API for expressions; the walk reads its package-private node methods by
 * reflection, and fails closed: a node it does not know is refused, so a FreeMarker upgrade that changes them shows
 * up in the tests as refused shipped templates, never as an open sandbox.
 */
final class Sandbox {

    /** Directives (element nodes), by FreeMarker's node symbol. */
    private static final Set<String> DIRECTIVES = Set.of("#mixed_content", "#text", "${...}", "#{...}",
            "#if-#elseif-#else-container", "#if", "#elseif", "#else", "#list", "#list-#else-container", "#items",
            "#sep", "#break", "#continue", "#switch", "#case", "#default", "#on", "#compress", "#--...--",
            "#outputformat", "#autoesc", "#noautoesc", "#escape", "#noescape", "#flush", "#t", "#lt", "#rt", "#nt");

    /** Built-ins, in snake case (their camel-case spellings are the same built-ins). */
    static final Set<String> BUILT_INS = Set.of("abs", "blank_to_null", "boolean", "c", "c_lower_case",
            "c_upper_case", "cap_first", "capitalize", "ceiling", "chop_linebreak", "cn", "contains", "counter", "date",
            "date_if_unknown", "datetime", "datetime_if_unknown", "empty_to_null", "ends_with", "ensure_ends_with",
            "ensure_starts_with", "esc", "first", "floor", "has_content", "has_next", "html", "index", "index_of",
            "int", "is_boolean", "is_date", "is_even_item", "is_first", "is_last", "is_number", "is_odd_item",
            "is_sequence", "is_string", "item_cycle", "item_parity", "item_parity_cap", "j_string", "js_string",
            "json_string", "keep_after", "keep_after_last", "keep_before", "keep_before_last", "last",
            "last_index_of", "length", "lower_abc", "lower_case", "markup_string", "no_esc", "number",
            "remove_beginning", "remove_ending", "round", "rtf", "size", "split", "starts_with", "string",
            "substring", "switch", "then", "time", "time_if_unknown", "trim", "trim_to_null", "truncate",
            "truncate_c", "truncate_c_m", "truncate_m", "truncate_w", "truncate_w_m", "uncap_first", "upper_abc",
            "upper_case", "url", "url_path", "word_list", "xhtml", "xml");

    /** Built-ins whose second argument is flags (such as {@code "r"}, a regular expression): one argument only. */
    private static final Set<String> ONE_ARGUMENT = Set.of("split", "keep_after", "keep_after_last", "keep_before",
            "keep_before_last", "ensure_starts_with", "contains", "index_of", "last_index_of", "starts_with",
            "ends_with", "remove_beginning", "remove_ending");

    /** Kinds of expression, by FreeMarker's class name (built-ins, ranges and calls are checked on their own). */
    private static final Set<String> EXPRESSIONS = Set.of("Identifier", "StringLiteral", "NumberLiteral",
            "BooleanLiteral", "ListLiteral", "HashLiteral", "ParentheticalExpression", "ComparisonExpression",
            "AndExpression", "OrExpression", "NotExpression", "UnaryPlusMinusExpression", "AddConcatExpression",
            "ArithmeticExpression", "DefaultToExpression", "ExistsExpression", "Dot", "DynamicKeyName");

    /** Special variables ({@code .now}). */
    private static final Set<String> SPECIAL_VARIABLES = Set.of(".now", ".lang", ".locale", ".vars",
            ".output_encoding", ".time_zone", ".url_escaping_charset");

    private static final Method SYMBOL;
    private static final Method PARAMETER_COUNT;
    private static final Method PARAMETER;
    private static final Class<?> BUILT_IN;

    static {
        try {
            SYMBOL = TemplateObject.class.getDeclaredMethod("getNodeTypeSymbol");
            PARAMETER_COUNT = TemplateObject.class.getDeclaredMethod("getParameterCount");
            PARAMETER = TemplateObject.class.getDeclaredMethod("getParameterValue", int.class);
            SYMBOL.setAccessible(true);
            PARAMETER_COUNT.setAccessible(true);
            PARAMETER.setAccessible(true);
            BUILT_IN = Class.forName("freemarker.core.BuiltIn", false, TemplateObject.class.getClassLoader());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Sandbox() {
    }

    /** Refuses {@code template} (the part {@code field}) when it uses anything not on the lists. */
    static void check(String field, Template template) throws Templates.Invalid {
        try {
            walk(field, template.getRootTreeNode(), false, 0);
        } catch (IllegalStateException e) {
            // fail closed: what cannot be inspected is not rendered
            throw new Templates.Invalid(new FieldError(field, "cannot be checked (" + e.getMessage() + ")"));
        }
    }

    private static void walk(String field, TemplateObject node, boolean rangeAllowed, int depth)
            throws Templates.Invalid {
        if (depth > 200) {
            throw refused(field, node, "nesting deeper than 200 levels");
        }
        String symbol = symbol(node);
        String kind = node.getClass().getSimpleName();
        int parameters = parameterCount(node);
        if (node instanceof TemplateElement) {
            if (!DIRECTIVES.contains(symbol)) {
                throw refused(field, node, (symbol.startsWith("#") ? "<" + symbol + ">" : symbol.startsWith("@")
                        ? "calling a macro" : symbol) + " is not available in DotMac templates");
            }
        } else if (BUILT_IN.isInstance(node)) {
            String name = snake(symbol.substring(1).replace("(...)", ""));
            if (!BUILT_INS.contains(name)) {
                throw refused(field, node, "?" + name + " is not available in DotMac templates");
            }
        } else if (kind.equals("Range")) {
            if (!rangeAllowed) {
                throw refused(field, node, "a range (" + node.getCanonicalForm() + ") may only be listed with "
                        + "#list or slice a value");
            }
        } else if (kind.equals("MethodCall")) {
            Object target = parameter(node, 0);
            if (!BUILT_IN.isInstance(target)) {
                throw refused(field, node, "calling " + node.getCanonicalForm() + " is not available in DotMac "
                        + "templates");
            }
            String name = snake(symbol((TemplateObject) target).substring(1));
            if (ONE_ARGUMENT.contains(name) && parameters > 2) {
                throw refused(field, node, "?" + name + " takes one argument in DotMac templates (no flags or "
                        + "regular expressions)");
            }
        } else if (kind.equals("BuiltinVariable")) {
            if (!SPECIAL_VARIABLES.contains(symbol)) {
                throw refused(field, node, symbol + " is not available in DotMac templates");
            }
        } else if (!EXPRESSIONS.contains(kind)) {
            throw refused(field, node, node.getCanonicalForm() + " is not available in DotMac templates");
        }
        for (int i = 0; i < parameters; i++) {
            if (parameter(node, i) instanceof TemplateObject child) {
                boolean ranges = kind.equals("IteratorBlock") && i == 0 || kind.equals("DynamicKeyName") && i == 1
                        || kind.equals("ParentheticalExpression") && rangeAllowed;
                walk(field, child, ranges, depth + 1);
            }
        }
        if (node instanceof TemplateElement e) {
            for (int i = 0; i < e.getChildCount(); i++) {
                walk(field, (TemplateElement) e.getChildAt(i), false, depth + 1);
            }
        }
    }

    /** {@code keepAfter} → {@code keep_after}. */
    static String snake(String name) {
        StringBuilder b = new StringBuilder(name.length() + 4);
        for (char ch : name.toCharArray()) {
            if (Character.isUpperCase(ch)) {
                b.append('_').append(Character.toLowerCase(ch));
            } else {
                b.append(ch);
            }
        }
        return b.toString().toLowerCase(Locale.ROOT);
    }

    private static Templates.Invalid refused(String field, TemplateObject node, String what) {
        return new Templates.Invalid(new FieldError(field, "line " + node.getBeginLine() + ", column "
                + node.getBeginColumn() + ": " + what));
    }

    private static String symbol(TemplateObject node) {
        return (String) call(SYMBOL, node);
    }

    private static int parameterCount(TemplateObject node) {
        return (Integer) call(PARAMETER_COUNT, node);
    }

    private static Object parameter(TemplateObject node, int i) {
        return call(PARAMETER, node, i);
    }

    private static Object call(Method m, TemplateObject node, Object... args) {
        try {
            return m.invoke(node, args);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException(node.getClass().getSimpleName() + ": " + e, e);
        }
    }
}
