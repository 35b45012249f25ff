package io.dotmac.rest.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import javax.ws.rs.core.MediaType;

import org.junit.jupiter.api.Test;

class JsonProviderTest {

    record Sample(String name, int count, Instant at) {
    }

    private final JsonProvider provider = new JsonProvider();

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Object read(String json, Class<?> type) throws Exception {
        return provider.readFrom((Class) type, type, null, MediaType.APPLICATION_JSON_TYPE, null,
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void writesIsoDatesAndOmitsNulls() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        provider.writeTo(new Sample("a", 2, Instant.parse("2026-11-25T12:00:00Z")), Sample.class, Sample.class, null,
                MediaType.APPLICATION_JSON_TYPE, null, out);
        assertEquals("{\"name\":\"a\",\"count\":2,\"at\":\"2026-11-25T12:00:00Z\"}", out.toString(StandardCharsets.UTF_8));
        out.reset();
        provider.writeTo(new Sample(null, 1, null), Sample.class, Sample.class, null, MediaType.APPLICATION_JSON_TYPE,
                null, out);
        assertEquals("{\"count\":1}", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void readsRecords() throws Exception {
        assertEquals(new Sample("b", 3, null), read("{\"name\":\"b\",\"count\":3}", Sample.class));
    }

    @Test
    void wrongTypeNamesTheField() {
        BadRequestBodyException e = assertThrows(BadRequestBodyException.class,
                () -> read("{\"name\":\"b\",\"count\":\"many\"}", Sample.class));
        assertEquals("count", e.errors().get(0).field());
        assertEquals("must be a whole number", e.errors().get(0).message(), "in a form's words, no Java type named");
        BadRequestBodyException list = assertThrows(BadRequestBodyException.class,
                () -> read("{\"tags\":\"a\"}", Tagged.class));
        assertEquals("must be a list", list.errors().get(0).message());
        BadRequestBodyException flag = assertThrows(BadRequestBodyException.class,
                () -> read("{\"tags\":[],\"on\":\"perhaps\"}", Tagged.class));
        assertEquals("on", flag.errors().get(0).field());
        assertEquals("must be true or false", flag.errors().get(0).message());
    }

    record Tagged(java.util.List<String> tags, Boolean on) {
    }

    @Test
    void aNulCharacterIsRefusedNamingTheField() {
        io.dotmac.platform.api.ValidationException e = assertThrows(io.dotmac.platform.api.ValidationException.class,
                () -> read("{\"name\":\"b\\u0000c\",\"count\":1}", Sample.class));
        assertEquals("name", e.errors().get(0).field());
        assertEquals(new Sample("b c", 1, null), assertDoesNotThrow(() -> read("{\"name\":\"b c\",\"count\":1}",
                Sample.class)));
    }

    @Test
    void unknownPropertyNamesTheField() {
        BadRequestBodyException e = assertThrows(BadRequestBodyException.class,
                () -> read("{\"name\":\"b\",\"count\":1,\"colour\":\"red\"}", Sample.class));
        assertEquals("colour", e.errors().get(0).field());
        assertEquals("is not a field of this request", e.errors().get(0).message());
    }

    @Test
    void malformedJsonSaysWhere() {
        BadRequestBodyException e = assertThrows(BadRequestBodyException.class, () -> read("{\"name\":", Map.class));
        assertTrue(e.getMessage().startsWith("The request body is not valid JSON at line 1"), e.getMessage());
        assertThrows(BadRequestBodyException.class, () -> read("", Sample.class));
    }

    @Test
    void handlesProblemJsonButNotText() {
        assertTrue(provider.isWriteable(Map.class, Map.class, null, MediaType.valueOf("application/problem+json")));
        assertTrue(!provider.isWriteable(Map.class, Map.class, null, MediaType.TEXT_PLAIN_TYPE));
        assertTrue(!provider.isWriteable(String.class, String.class, null, MediaType.APPLICATION_JSON_TYPE));
    }
}
