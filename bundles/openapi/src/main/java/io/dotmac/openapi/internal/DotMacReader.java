package io.dotmac.openapi.internal;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.HEAD;
import javax.ws.rs.OPTIONS;
import javax.ws.rs.Produces;

import com.fasterxml.jackson.annotation.JsonView;
import com.fasterxml.jackson.databind.introspect.AnnotatedMethod;

import io.dotmac.platform.api.Access;
import io.swagger.v3.jaxrs2.Reader;
import io.swagger.v3.oas.integration.api.OpenAPIConfiguration;
import io.swagger.v3.oas.models.ExternalDocumentation;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.servers.Server;

/**
 * swagger-core's JAX-RS reader, with what it cannot know about DotMac added to every operation it reads: who may
 * call it (the {@link Access} level of the method or its class: no security for {@code ANONYMOUS}, the bearer token
 * optional for {@code OPTIONAL}, required otherwise), the problem+json errors it can answer, and its tag (the
 * plugin it belongs to, or {@code core}). One reader per document: swagger's reader keeps state.
 */
final class DotMacReader extends Reader {

    static final String BEARER = "bearer";

    private final Map<Class<?>, String> tags = new IdentityHashMap<>();
    private final Map<Class<?>, Boolean> pluginClasses = new IdentityHashMap<>();
    private final Map<Operation, Method> read = new IdentityHashMap<>();

    DotMacReader(OpenAPIConfiguration configuration) {
        super(configuration);
    }

    /** A reader of an OpenAPI 3.1 document starting from {@code base}, a successful answer being a 200. */
    static DotMacReader startingFrom(io.swagger.v3.oas.models.OpenAPI base) {
        return new DotMacReader(new io.swagger.v3.oas.integration.SwaggerConfiguration().openAPI(base)
                .openAPI31(true).sortOutput(true).defaultResponseCode("200").prettyPrint(true));
    }

    /** Operations of {@code type} are tagged {@code tag}; {@code plugin}: they are reached through the licence. */
    void tag(Class<?> type, String tag, boolean plugin) {
        tags.put(type, tag);
        pluginClasses.put(type, plugin);
    }

    @Override
    protected Operation parseMethod(Class<?> cls, Method method, List<Parameter> globalParameters,
            Produces methodProduces, Produces classProduces, Consumes methodConsumes, Consumes classConsumes,
            List<SecurityRequirement> classSecurityRequirements,
            Optional<ExternalDocumentation> classExternalDocs, Set<String> classTags, List<Server> classServers,
            boolean isSubresource, RequestBody parentRequestBody, ApiResponses parentResponses,
            JsonView jsonViewAnnotation,
            io.swagger.v3.oas.annotations.responses.ApiResponse[] classResponses, AnnotatedMethod annotatedMethod) {
        Operation operation = super.parseMethod(cls, method, globalParameters, methodProduces, classProduces,
                methodConsumes, classConsumes, classSecurityRequirements, classExternalDocs, classTags, classServers,
                isSubresource, parentRequestBody, parentResponses, jsonViewAnnotation, classResponses,
                annotatedMethod);
        // swagger passes its AnnotatedMethod's class as cls here: the resource is the class declaring the method;
        // the operation gets its request body and responses after this, so it is decorated once all is read
        read.put(operation, method);
        return operation;
    }

    /** The document read so far, every operation decorated (see the class comment). */
    @Override
    public io.swagger.v3.oas.models.OpenAPI getOpenAPI() {
        read.forEach((operation, method) -> decorate(operation, method, method.getDeclaringClass()));
        return super.getOpenAPI();
    }

    private void decorate(Operation operation, Method method, Class<?> cls) {
        String tag = tags.get(cls);
        if (tag != null && (operation.getTags() == null || operation.getTags().isEmpty())) {
            operation.setTags(new ArrayList<>(List.of(tag)));
        }
        Access.Level level = level(method, cls);
        // a method open to the API's filter that reads the Authorization header itself checks a token of its own
        // (the customer portal's sessions): described as the bearer scheme, answering 401, the header not a parameter
        boolean ownToken = level == Access.Level.ANONYMOUS && java.util.Arrays.stream(method.getParameters())
                .map(p -> p.getAnnotation(javax.ws.rs.HeaderParam.class))
                .anyMatch(h -> h != null && h.value().equalsIgnoreCase("Authorization"));
        if (ownToken && operation.getParameters() != null) {
            operation.getParameters().removeIf(p -> "header".equals(p.getIn())
                    && "Authorization".equalsIgnoreCase(p.getName()));
            if (operation.getParameters().isEmpty()) {
                operation.setParameters(null);
            }
        }
        switch (level) {
            case ANONYMOUS -> operation.setSecurity(ownToken ? null : new ArrayList<>());
            case OPTIONAL -> operation.setSecurity(new ArrayList<>(List.of(new SecurityRequirement(),
                    new SecurityRequirement().addList(BEARER))));
            default -> operation.setSecurity(null); // the document's: the bearer token
        }
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        boolean hasParameters = operation.getParameters() != null && !operation.getParameters().isEmpty();
        problem(responses, "400", Problems.BAD_REQUEST);
        if (level != Access.Level.ANONYMOUS || ownToken) {
            problem(responses, "401", Problems.UNAUTHORIZED);
        }
        if (level.compareTo(Access.Level.PLATFORM) >= 0 || Boolean.TRUE.equals(pluginClasses.get(cls))) {
            problem(responses, "403", Problems.FORBIDDEN);
        }
        if (hasParameters || Boolean.TRUE.equals(pluginClasses.get(cls))) {
            problem(responses, "404", Problems.NOT_FOUND);
        }
        if (operation.getRequestBody() != null || hasParameters) {
            problem(responses, "422", Problems.UNPROCESSABLE);
        }
        problem(responses, "503", Problems.UNAVAILABLE);
        operation.setResponses(responses);
    }

    private static void problem(ApiResponses responses, String status, String name) {
        if (!responses.containsKey(status)) {
            responses.addApiResponse(status, new ApiResponse().$ref("#/components/responses/" + name));
        }
    }

    /** The method's {@link Access} level as the authentication filter reads it. */
    static Access.Level level(Method method, Class<?> cls) {
        Access access = method.getAnnotation(Access.class);
        if (access == null) {
            access = cls.getAnnotation(Access.class);
        }
        if (access != null) {
            return access.value();
        }
        boolean reads = method.isAnnotationPresent(GET.class) || method.isAnnotationPresent(HEAD.class)
                || method.isAnnotationPresent(OPTIONS.class);
        return reads ? Access.Level.TENANT_READ : Access.Level.TENANT_WRITE;
    }
}
