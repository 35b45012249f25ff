package io.dotmac.platform.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * One page of a list in a stable order, and the opaque cursor of the next page ({@code null} on the last one).
 * Lists take {@code limit} (1 to {@value #MAX_LIMIT}, default {@value #DEFAULT_LIMIT}) and {@code cursor}.
 */
public record Page<T>(List<T> items, String nextCursor) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    public Page {
        items = List.copyOf(Objects.requireNonNull(items, "items"));
    }

    /** The limit to use for a requested one ({@code null}: the default); 422 when out of range. */
    public static int limit(Integer requested) {
        if (requested == null) {
            return DEFAULT_LIMIT;
        }
        if (requested < 1 || requested > MAX_LIMIT) {
            throw new ValidationException("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return requested;
    }

    /** An opaque cursor for a position key (for instance the last item's id). */
    public static String cursor(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("k:" + key).getBytes(StandardCharsets.UTF_8));
    }

    /** The position key of a cursor, {@code null} for none; 422 naming {@code cursor} when it is not ours. */
    public static String key(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (s.startsWith("k:") && s.length() > 2) {
                return s.substring(2);
            }
        } catch (IllegalArgumentException e) {
            // falls through
        }
        throw new ValidationException("cursor", "is not a cursor this list returned");
    }

    /**
     * The page for rows fetched with {@code limit + 1}: the extra row only says there is a next page.
     *
     * @param key the position key of an item
     */
    public static <T> Page<T> of(List<T> fetched, int limit, java.util.function.Function<T, String> key) {
        if (fetched.size() <= limit) {
            return new Page<>(fetched, null);
        }
        List<T> items = fetched.subList(0, limit);
        return new Page<>(items, cursor(key.apply(items.get(limit - 1))));
    }
}
