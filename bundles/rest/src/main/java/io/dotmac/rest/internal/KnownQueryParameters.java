package io.dotmac.rest.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.QueryParam;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.Context;

import io.dotmac.platform.api.AnyQueryParameters;
import io.dotmac.platform.api.FieldError;

/**
 * Answers a query parameter the matched resource method does not declare ({@code GET /invoices?number=...} where
 * there is no {@code number}) with 400 naming it and the ones the endpoint takes, where JAX-RS would ignore it and
 * answer as if it had not been sent: a client would believe its filter applied. Runs after authentication, so a
 * request without credentials is still told 401 first. Methods marked {@link AnyQueryParameters} read theirs
 * themselves.
 */
@Priority(Priorities.USER)
final class KnownQueryParameters implements ContainerRequestFilter {

    /**
     * Each resource method's declared names, kept with its class (a {@link ClassValue} lives in the class it is for,
     * so a plugin's entries go with its bundle's class loader).
     */
    private static final ClassValue<Map<Method, Set<String>>> DECLARED = new ClassValue<>() {
        @Override
        protected Map<Method, Set<String>> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    @Context
    private ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        Method method = resource.getResourceMethod();
        Set<String> sent = request.getUriInfo().getQueryParameters(false).keySet();
        if (method == null || sent.isEmpty() || method.isAnnotationPresent(AnyQueryParameters.class)
                || method.getDeclaringClass().isAnnotationPresent(AnyQueryParameters.class)) {
            return;
        }
        Set<String> known = DECLARED.get(method.getDeclaringClass()).computeIfAbsent(method,
                KnownQueryParameters::declared);
        List<FieldError> unknown = new ArrayList<>();
        for (String name : new TreeSet<>(sent)) {
            if (!known.contains(name)) {
                unknown.add(new FieldError(name.length() > 100 ? name.substring(0, 100) + "..." : name,
                        "is not a query parameter of this endpoint" + (known.isEmpty() ? " (it takes none)"
                                : " (it takes " + String.join(", ", new TreeSet<>(known)) + ")")));
            }
        }
        if (!unknown.isEmpty()) {
            throw new BadRequestBodyException("Unknown query parameter" + (unknown.size() == 1 ? " '"
                    + unknown.get(0).field() + "'" : "s"), unknown);
        }
    }

    /** The names of the method's {@code @QueryParam} parameters. */
    static Set<String> declared(Method method) {
        Set<String> names = new TreeSet<>();
        for (Annotation[] annotations : method.getParameterAnnotations()) {
            for (Annotation a : annotations) {
                if (a instanceof QueryParam q) {
                    names.add(q.value());
                }
            }
        }
        return Set.copyOf(names);
    }
}
