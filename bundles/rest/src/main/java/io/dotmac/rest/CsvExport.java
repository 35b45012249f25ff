package io.dotmac.rest;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.StreamingOutput;

import io.dotmac.platform.api.Csv;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.ValidationException;

/**
 * A list endpoint's CSV export: asked for with {@code ?format=csv} or an {@code Accept} that prefers
 * {@code text/csv} to JSON, it answers every row the list's filters select (no {@code limit}: page after page,
 * streamed as they are read) as RFC 4180 CSV with a header line, in UTF-8, as an attachment named after the list and
 * the day. The first page is read before the answer starts, so a bad filter is still a 422.
 */
public final class CsvExport {

    /** {@code text/csv}. */
    public static final String CSV = "text/csv";

    private CsvExport() {
    }

    /**
     * Whether the client asked for CSV: {@code format} ({@code json} or {@code csv}; anything else → 422 naming it)
     * wins over {@code Accept}, where the first acceptable type that is JSON or CSV decides (a wildcard means JSON).
     */
    public static boolean wanted(String format, HttpHeaders headers) {
        if (format != null) {
            return switch (format.toLowerCase(Locale.ROOT)) {
                case "csv" -> true;
                case "json" -> false;
                default -> throw new ValidationException("format", "must be json or csv");
            };
        }
        MediaType csv = MediaType.valueOf(CSV);
        for (MediaType type : headers.getAcceptableMediaTypes()) {
            if (type.isWildcardType() || type.isWildcardSubtype()
                    || type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return false;
            }
            if (type.isCompatible(csv)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Every row {@code pages} gives (called with {@code null}, then with each next cursor), as CSV with
     * {@code header}; {@code row} makes a row's fields (guard what users wrote with {@link Csv#text(String)}).
     */
    public static <T> Response of(String name, List<String> header, Function<String, Page<T>> pages,
            Function<T, List<String>> row) {
        Page<T> first = pages.apply(null);
        StreamingOutput body = out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            StringBuilder lines = new StringBuilder(8192);
            Csv.line(lines, header);
            Page<T> page = first;
            while (true) {
                for (T item : page.items()) {
                    Csv.line(lines, row.apply(item));
                }
                w.write(lines.toString());
                lines.setLength(0);
                if (page.nextCursor() == null) {
                    break;
                }
                page = pages.apply(page.nextCursor());
            }
            w.flush();
        };
        return Response.ok(body, CSV + "; charset=UTF-8")
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "-"
                        + LocalDate.now(ZoneOffset.UTC) + ".csv\"")
                .build();
    }
}
