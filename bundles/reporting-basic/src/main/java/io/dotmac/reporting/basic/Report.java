package io.dotmac.reporting.basic;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A report: one table, with the parameters it was computed for. Each row maps every column's name to its value
 * (in column order): numbers for {@link Column.Type#INTEGER} and {@link Column.Type#DECIMAL}, exact decimal strings
 * for {@link Column.Type#MONEY} (in the row's currency, never floating point), strings otherwise; {@code null} for
 * a value that does not exist (the mean time to resolve of a month without resolved tickets).
 *
 * @param name       the report's name, as in its path ({@code revenue}, {@code customers/by-plan})
 * @param parameters the parameters it was computed for, resolved (defaults filled in)
 * @param columns    the columns, in order
 * @param rows       the rows, in order
 */
@ProviderType
public record Report(String name, Map<String, String> parameters, List<Column> columns,
        @ArraySchema(schema = @Schema(type = "object", additionalProperties = Schema.AdditionalPropertiesValue.TRUE,
                description = "Each column's name to its value: a number, an exact decimal string (money), a "
                        + "string, or null")) List<Map<String, Object>> rows) {

    public Report {
        Objects.requireNonNull(name, "name");
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    /** A column: its name (also the CSV header) and what its values are. */
    public record Column(String name, Type type) {

        /** What a column holds. */
        public enum Type {
            /** Free text, which may come from users (CSV guards it against spreadsheet formulas). */
            TEXT,
            /** A fixed code: a currency, a status, an identifier. */
            CODE,
            /** A calendar month, {@code yyyy-MM}. */
            MONTH,
            /** A date, {@code yyyy-MM-dd}. */
            DATE,
            /** A whole number. */
            INTEGER,
            /** A decimal number (a rate, a mean). */
            DECIMAL,
            /** An amount of the row's currency as an exact decimal string. */
            MONEY
        }
    }
}
