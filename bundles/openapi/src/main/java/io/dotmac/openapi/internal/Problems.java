package io.dotmac.openapi.internal;

import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;

/** The RFC 9457 problem document every error of the API is, as a schema and as the responses operations refer to. */
final class Problems {

    static final String SCHEMA = "Problem";
    static final String BAD_REQUEST = "BadRequest";
    static final String UNAUTHORIZED = "Unauthorized";
    static final String FORBIDDEN = "Forbidden";
    static final String NOT_FOUND = "NotFound";
    static final String UNPROCESSABLE = "UnprocessableContent";
    static final String UNAVAILABLE = "ServiceUnavailable";

    private static final Map<String, String> RESPONSES = Map.of(
            BAD_REQUEST, "A malformed request or a query parameter the endpoint does not take (named)",
            UNAUTHORIZED, "No token, or a token that is expired, revoked or not valid",
            FORBIDDEN, "The caller's role may not do this, or the tenant may not use the plugin now (the plugin and "
                    + "the tier it needs are named)",
            NOT_FOUND, "Nothing of the caller's tenant at this path",
            UNPROCESSABLE, "Bad input: every field at fault is named in errors; nothing was changed",
            UNAVAILABLE, "Starting, or the database is down: retry after Retry-After seconds");

    private Problems() {
    }

    /** Adds the problem schema and the error responses to {@code components}. */
    static void addTo(Components components) {
        components.addSchemas(SCHEMA, schema());
        RESPONSES.forEach((name, description) -> components.addResponses(name, new ApiResponse()
                .description(description)
                .content(new Content().addMediaType("application/problem+json",
                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + SCHEMA))))));
    }

    private static Schema<?> schema() {
        ObjectSchema error = new ObjectSchema();
        error.addProperty("field", new StringSchema().description("the field at fault, as sent"));
        error.addProperty("message", new StringSchema());
        ObjectSchema problem = new ObjectSchema();
        problem.description("An RFC 9457 problem. Further members say more about some problems (the plugin and "
                + "the tier it needs on a 403, the limit on a 429).");
        problem.addProperty("type", new StringSchema().description("a URI naming the kind of problem"));
        problem.addProperty("title", new StringSchema());
        problem.addProperty("status", new IntegerSchema());
        problem.addProperty("detail", new StringSchema());
        problem.addProperty("instance", new StringSchema().description("the method and path of the request"));
        problem.addProperty("requestId", new StringSchema().description("the X-Request-ID of the request"));
        problem.addProperty("errors", new ArraySchema().items(error));
        problem.required(java.util.List.of("type", "title", "status"));
        return problem;
    }
}
