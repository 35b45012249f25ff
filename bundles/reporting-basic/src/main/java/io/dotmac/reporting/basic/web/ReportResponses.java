package io.dotmac.reporting.basic.web;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import javax.ws.rs.NotAcceptableException;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.MultivaluedMap;
import javax.ws.rs.core.Request;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.Variant;

import io.dotmac.platform.api.ValidationException;
import io.dotmac.reporting.basic.Report;

/**
 * Serves a report in the representation a client asked for: {@code ?format=} when given (it wins, as a browser link
 * or a spreadsheet's "from web" cannot set headers), otherwise the best match of the {@code Accept} header (JSON when
 * the client accepts anything). An unknown {@code format} is a 422 naming it; an {@code Accept} that allows none of
 * the report's representations is a 406.
 */
public final class ReportResponses {

    /** {@code text/csv} with the UTF-8 charset and RFC 4180's header parameter. */
    public static final MediaType CSV = new MediaType("text", "csv",
            Map.of("charset", "UTF-8", "header", "present"));

    /** A representation beyond JSON and CSV (a chart), by its {@code format} name. */
    public record Representation(String format, MediaType type, Function<Report, byte[]> render) {
    }

    private ReportResponses() {
    }

    /** The query parameters as a report source reads them: the first value of each. */
    public static Map<String, String> parameters(MultivaluedMap<String, String> query) {
        Map<String, String> values = new LinkedHashMap<>();
        query.forEach((name, list) -> {
            if (!list.isEmpty()) {
                values.put(name, list.get(0));
            }
        });
        return values;
    }

    /** JSON or CSV. */
    public static Response of(Report report, Request request, String format) {
        return of(report, request, format, List.of());
    }

    /** JSON, CSV or one of {@code more}. */
    public static Response of(Report report, Request request, String format, List<Representation> more) {
        Map<String, MediaType> types = new LinkedHashMap<>();
        types.put("json", MediaType.APPLICATION_JSON_TYPE);
        types.put("csv", CSV);
        more.forEach(r -> types.put(r.format(), r.type()));
        String chosen;
        if (format != null && !format.isBlank()) {
            chosen = format.strip().toLowerCase(Locale.ROOT);
            if (!types.containsKey(chosen)) {
                throw new ValidationException("format", "must be one of " + String.join(", ", types.keySet()));
            }
        } else {
            Variant variant = request.selectVariant(Variant.mediaTypes(types.values().toArray(MediaType[]::new))
                    .build());
            if (variant == null) {
                throw new NotAcceptableException("This report is served as " + types.values());
            }
            chosen = types.entrySet().stream().filter(e -> e.getValue().isCompatible(variant.getMediaType()))
                    .findFirst().map(Map.Entry::getKey).orElse("json");
        }
        String file = fileName(report);
        return switch (chosen) {
            case "json" -> Response.ok(report, MediaType.APPLICATION_JSON_TYPE).build();
            case "csv" -> Response.ok(Csv.write(report).getBytes(StandardCharsets.UTF_8), CSV)
                    .header("Content-Disposition", "attachment; filename=\"" + file + ".csv\"").build();
            default -> {
                Representation r = more.stream().filter(m -> m.format().equals(chosen)).findFirst().orElseThrow();
                yield Response.ok(r.render().apply(report), r.type())
                        .header("Content-Disposition", "inline; filename=\"" + file + "." + r.format() + "\"")
                        .build();
            }
        };
    }

    /** A file name for the report, without extension: {@code customers-by-plan}, {@code revenue_2026-01-01_2026-12-31}. */
    public static String fileName(Report report) {
        StringBuilder suffix = new StringBuilder(report.name().replace('/', '-'));
        for (String key : List.of("from", "to", "asOf")) {
            String value = report.parameters().get(key);
            if (value != null) {
                suffix.append('_').append(value);
            }
        }
        return suffix.toString();
    }
}
