package io.dotmac.rest.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.function.Function;

import javax.ws.rs.HeaderParam;
import javax.ws.rs.PathParam;
import javax.ws.rs.QueryParam;
import javax.ws.rs.ext.ParamConverter;
import javax.ws.rs.ext.ParamConverterProvider;

import io.dotmac.platform.api.ValidationException;

/**
 * Whole numbers in query, path and header parameters ({@code ?limit=abc}): a value that is not one is the client's
 * mistake, answered 422 naming the parameter, where JAX-RS would answer a bare 404 (query and path) or 400. At most
 * 18 digits are parsed, so a long digit string costs nothing.
 */
final class QueryNumbers implements ParamConverterProvider {

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        String name = name(annotations);
        if (name == null) {
            return null;
        }
        if (rawType == Integer.class || rawType == int.class) {
            return (ParamConverter<T>) new Whole<>(name, "a whole number", s -> Integer.valueOf(s));
        }
        if (rawType == Long.class || rawType == long.class) {
            return (ParamConverter<T>) new Whole<>(name, "a whole number", s -> Long.valueOf(s));
        }
        return null;
    }

    private static String name(Annotation[] annotations) {
        for (Annotation a : annotations) {
            if (a instanceof QueryParam q) {
                return q.value();
            }
            if (a instanceof PathParam p) {
                return p.value();
            }
            if (a instanceof HeaderParam h) {
                return h.value();
            }
        }
        return null;
    }

    private record Whole<N>(String name, String what, Function<String, N> parse) implements ParamConverter<N> {

        @Override
        public N fromString(String value) {
            if (value == null) {
                return null;
            }
            String s = value.strip();
            if (s.isEmpty() || s.length() > 18 || !s.matches("-?[0-9]+")) {
                throw new ValidationException(name, "must be " + what);
            }
            try {
                return parse.apply(s);
            } catch (NumberFormatException e) {
                throw new ValidationException(name, "must be " + what + " small enough for it");
            }
        }

        @Override
        public String toString(N value) {
            return String.valueOf(value);
        }
    }
}
