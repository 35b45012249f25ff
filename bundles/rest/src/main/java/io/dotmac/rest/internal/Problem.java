package io.dotmac.rest.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 9457 problem: its status, the members of its JSON body (in a stable order) and any response headers
 * it must keep (such as {@code Allow} on a 405).
 */
record Problem(int status, Map<String, Object> body, Map<String, String> headers) {

    static Builder builder(int status, String type, String title) {
        return new Builder(status, type, title);
    }

    static final class Builder {
        private final int status;
        private final Map<String, Object> body = new LinkedHashMap<>();
        private final Map<String, String> headers = new LinkedHashMap<>();

        private Builder(int status, String type, String title) {
            this.status = status;
            body.put("type", type);
            body.put("title", title);
            body.put("status", status);
        }

        Builder detail(String detail) {
            body.put("detail", detail);
            return this;
        }

        Builder member(String name, Object value) {
            body.put(name, value);
            return this;
        }

        Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        Problem build(String instance, String requestId) {
            if (instance != null) {
                body.put("instance", instance);
            }
            if (requestId != null) {
                body.put("requestId", requestId);
            }
            // errors last: it can be long
            Object errors = body.remove("errors");
            if (errors != null) {
                body.put("errors", errors);
            }
            return new Problem(status, java.util.Collections.unmodifiableMap(body), Map.copyOf(headers));
        }
    }
}
