package io.dotmac.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.List;
import java.util.stream.Collectors;

import javax.ws.rs.Consumes;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.MultivaluedMap;
import javax.ws.rs.ext.MessageBodyReader;
import javax.ws.rs.ext.MessageBodyWriter;


import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.dotmac.platform.api.FieldError;
import io.dotmac.platform.api.ValidationException;

/**
 * The application's JSON provider (Jackson): reads and writes {@code application/json} and
 * {@code application/*+json}. A body that is not valid JSON, or does not fit the expected type, becomes a
 * {@link BadRequestBodyException}, a 400 problem naming the offending field.
 */
@Consumes({MediaType.APPLICATION_JSON, "application/*+json"})
@Produces({MediaType.APPLICATION_JSON, "application/*+json"})
public class JsonProvider implements MessageBodyReader<Object>, MessageBodyWriter<Object> {

    /**
     * Jackson caches what it learnt about each type (serializers, deserializers, root types) for the mapper's
     * lifetime; for a plugin's records that would keep the plugin's class loader alive after the plugin is removed.
     * {@link #forgetTypes()} starts over with a fresh mapper.
     */
    private volatile ObjectMapper mapper = ObjectMappers.create();

    /** Drops every type Jackson has cached (called when a bundle is uninstalled or refreshed). */
    void forgetTypes() {
        mapper = ObjectMappers.create();
    }

    static boolean isJson(MediaType mediaType) {
        if (mediaType == null) {
            return true;
        }
        String subtype = mediaType.getSubtype();
        return "application".equals(mediaType.getType()) && ("json".equals(subtype) || subtype.endsWith("+json"));
    }

    private static boolean isPlain(Class<?> type) {
        return type == String.class || InputStream.class.isAssignableFrom(type) || type == byte[].class
                || javax.ws.rs.core.StreamingOutput.class.isAssignableFrom(type);
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return isJson(mediaType) && !isPlain(type);
    }

    @Override
    public Object readFrom(Class<Object> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, String> httpHeaders, InputStream entityStream) throws IOException {
        try {
            ObjectMapper current = mapper;
            return current.readValue(current.createParser(entityStream), current.constructType(genericType));
        } catch (MismatchedInputException e) {
            throw limitOr(e, new BadRequestBodyException("The request body does not match the expected structure",
                    List.of(new FieldError(path(e), expected(e)))));
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof ValidationException invalid && invalid.errors().size() == 1) {
                // a value our own deserializers refuse (a NUL in a string): 422, the field named by its path
                throw new ValidationException(path(e), invalid.errors().get(0).message());
            }
            throw limitOr(e, new BadRequestBodyException("The request body does not match the expected structure",
                    List.of(new FieldError(path(e), e.getOriginalMessage()))));
        } catch (JsonProcessingException e) {
            RuntimeException limit = limitOr(e, null);
            if (limit != null) {
                throw limit;
            }
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new BadRequestBodyException("The request body is not valid JSON" + where + ": "
                    + e.getOriginalMessage(), List.of());
        }
    }

    /**
     * The request limit that stopped reading (a body too large or too slow, thrown by the stream Jackson read
     * from and wrapped by it), or {@code otherwise}.
     */
    private static RuntimeException limitOr(Exception e, RuntimeException otherwise) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof BodyTooLargeException || t instanceof SlowUploadException) {
                return (RuntimeException) t;
            }
        }
        return otherwise;
    }

    /**
     * What the field should have held, in the words a form shows next to it ("must be a whole number"), rather than
     * Jackson's own (which names Java types); Jackson's message when the target is none of the plain kinds.
     */
    static String expected(MismatchedInputException e) {
        if (e instanceof com.fasterxml.jackson.databind.exc.PropertyBindingException) {
            return "is not a field of this request";
        }
        Class<?> target = e.getTargetType();
        if (target == null) {
            return e.getOriginalMessage();
        }
        if (target == Integer.class || target == int.class || target == Long.class || target == long.class
                || target == Short.class || target == short.class) {
            return "must be a whole number";
        }
        if (Number.class.isAssignableFrom(target) || target == double.class || target == float.class) {
            return "must be a number";
        }
        if (target == Boolean.class || target == boolean.class) {
            return "must be true or false";
        }
        if (target == String.class) {
            return "must be a string";
        }
        if (target.isArray() || java.util.Collection.class.isAssignableFrom(target)) {
            return "must be a list";
        }
        if (target.isEnum()) {
            return "must be one of " + java.util.Arrays.toString(target.getEnumConstants());
        }
        if (target.isRecord() || java.util.Map.class.isAssignableFrom(target)) {
            return "must be an object";
        }
        return e.getOriginalMessage();
    }

    private static String path(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        return path.isEmpty() ? "(body)" : path;
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return isJson(mediaType) && !isPlain(type);
    }

    @Override
    public void writeTo(Object value, Class<?> type, Type genericType, Annotation[] annotations,
            MediaType mediaType, MultivaluedMap<String, Object> httpHeaders, OutputStream entityStream)
            throws IOException {
        ObjectMapper current = mapper;
        current.writerFor(current.constructType(genericType == null ? type : genericType)).writeValue(entityStream,
                value);
    }
}
