package io.dotmac.openapi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;

import org.junit.jupiter.api.Test;

import io.dotmac.platform.api.Access;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;

class DotMacReaderTest {

    /** A core resource as the application has them. */
    @Path("v1/things")
    public static class Things {
        @GET
        @Produces("application/json")
        @Access(Access.Level.ANONYMOUS)
        public List<Thing> list() {
            return List.of();
        }

        @POST
        @Access(Access.Level.TENANT_ADMIN)
        public Thing create(Thing thing) {
            return thing;
        }

        /** Open to the API's filter, checking a token of its own (as the customer portal's API does). */
        @GET
        @Path("mine")
        @Produces("application/json")
        @Access(Access.Level.ANONYMOUS)
        public Thing mine(@HeaderParam("Authorization") String authorization) {
            return null;
        }
    }

    /** A plugin endpoint: its class path is not used, its methods are below the root. */
    @Path("ignored")
    public static class Widgets {
        @GET
        @Path("{id}")
        @Produces("application/json")
        public Thing get(@PathParam("id") String id) {
            return null;
        }
    }

    public record Thing(String id, int count) {
    }

    private static OpenAPI read(DotMacReader reader) {
        return reader.getOpenAPI();
    }

    @Test
    void accessLevelsBecomeSecurityAndErrorsProblemResponses() {
        DotMacReader reader = DotMacReader.startingFrom(new OpenAPI());
        reader.tag(Things.class, "core", false);
        reader.tag(Widgets.class, "widgets", true);
        reader.read(Set.of(Things.class, OpenApiResource.class));
        reader.read(Widgets.class, "/v1/widgets", null, true, null, null, new LinkedHashSet<>(), new ArrayList<>(),
                new HashSet<>());
        OpenAPI api = read(reader);

        Operation list = api.getPaths().get("/v1/things").getGet();
        assertEquals(List.of(), list.getSecurity(), "anonymous: no security");
        assertNull(list.getResponses().get("401"));
        assertEquals(List.of("core"), list.getTags());
        assertNotNull(list.getResponses().get("200").getContent().get("application/json").getSchema());

        Operation mine = api.getPaths().get("/v1/things/mine").getGet();
        assertNull(mine.getSecurity(), "its own token: described as the bearer scheme");
        assertEquals("#/components/responses/Unauthorized", mine.getResponses().get("401").get$ref());
        assertNull(mine.getParameters(), "the Authorization header is the scheme's, not a parameter");

        Operation create = api.getPaths().get("/v1/things").getPost();
        assertNull(create.getSecurity(), "the document's bearer token");
        assertEquals("#/components/responses/Forbidden", create.getResponses().get("403").get$ref());
        assertEquals("#/components/responses/UnprocessableContent", create.getResponses().get("422").get$ref());

        Operation widget = api.getPaths().get("/v1/widgets/{id}").getGet();
        assertEquals(List.of("widgets"), widget.getTags());
        assertTrue(widget.getResponses().containsKey("403"), "a plugin's endpoint can be refused by licence");
        assertTrue(widget.getResponses().containsKey("404"));

        Operation document = api.getPaths().entrySet().stream().filter(e -> e.getKey().startsWith("/v1/openapi"))
                .findFirst().orElseThrow(() -> new AssertionError("no openapi path in " + api.getPaths().keySet()))
                .getValue().getGet();
        assertEquals(2, document.getSecurity().size(), "optional: none or the bearer token");
    }
}
