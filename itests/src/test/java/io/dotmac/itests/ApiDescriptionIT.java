package io.dotmac.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.OpenApi31;

import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

/**
 * The API's description over the booted distribution (run as an operator runs it): {@code /api/v1/openapi.json} and
 * {@code .yaml} are valid OpenAPI 3.1 (swagger-parser), list what each caller may use (no plugin without a token, the
 * tenant's tier's plugins with its token), follow a plugin removed and installed at runtime, and every GET endpoint
 * of the description answers a real call with a body its documented schema accepts (networknt's JSON Schema
 * validator, OpenAPI 3.1 dialect). The reference page and its files are served.
 */
class ApiDescriptionIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_PASSWORD = "api-description-admin-1";
    private static final String DOC = "https://dotmac.test/openapi.json";

    private Path home;
    private int port;
    private int ssh;
    private final HttpClient http = KarafProcess.http();

    @AfterEach
    void stop() throws Exception {
        if (home != null) {
            KarafProcess.stop(home);
        }
    }

    @Test
    void theDescriptionIsValidPerCallerLiveAndEveryGetAnswersAsDocumented() throws Exception {
        boot();
        String admin = token("{\"username\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}");

        // without a token: the core (and the catalogue), no plugin endpoint; valid OpenAPI 3.1
        JsonNode anonymous = document(null);
        assertEquals("3.1.0", anonymous.path("openapi").asText());
        assertTrue(anonymous.path("paths").has("/v1/health") && anonymous.path("paths").has("/v1/plugins"));
        assertFalse(anonymous.path("paths").has("/v1/customers"), "a plugin endpoint without a token");
        assertEquals(List.of(), JSON.convertValue(anonymous.at("/paths/~1v1~1health/get/security"), List.class),
                "health is open");
        HttpResponse<String> yaml = KarafProcess.get(http, port, "/api/v1/openapi.yaml", null);
        assertEquals(200, yaml.statusCode());
        assertTrue(yaml.headers().firstValue("Content-Type").orElse("").startsWith("application/yaml"));
        assertValid(yaml.body());

        // a FREE tenant sees its FREE plugins, not the PREMIUM ones; an ENTERPRISE tenant sees them
        created(KarafProcess.post(http, port, "/api/v1/tenants", tenant("Free ISP", "free-isp", "FREE"), admin));
        created(KarafProcess.post(http, port, "/api/v1/tenants", tenant("Big ISP", "big-isp", "ENTERPRISE"), admin));
        String free = token("{\"tenant\":\"free-isp\",\"username\":\"boss\",\"password\":\"boss-password-1\"}");
        String big = token("{\"tenant\":\"big-isp\",\"username\":\"boss\",\"password\":\"boss-password-1\"}");
        JsonNode freeDoc = document(free);
        assertTrue(freeDoc.path("paths").has("/v1/customers"));
        assertFalse(freeDoc.path("paths").has("/v1/reports/mrr"), "a PREMIUM plugin in a FREE tenant's description");
        JsonNode bigDoc = document(big);
        assertTrue(bigDoc.path("paths").has("/v1/reports/mrr"));
        assertEquals("advanced_reporting", bigDoc.at("/paths/~1v1~1reports~1mrr/get/tags/0").asText());
        assertEquals("#/components/responses/Forbidden",
                bigDoc.at("/paths/~1v1~1reports~1mrr/get/responses/403/$ref").asText());

        // data for the GETs that read one thing
        String customer = id(KarafProcess.post(http, port, "/api/v1/customers",
                "{\"name\":\"Ada\",\"email\":\"ada@big.test\"}", big));
        String plan = id(KarafProcess.post(http, port, "/api/v1/plans", "{\"name\":\"Fibre 100\",\"price\":\"49.90\","
                + "\"currency\":\"USD\",\"billingPeriod\":\"MONTHLY\",\"downloadMbps\":100,\"uploadMbps\":20}", big));
        id(KarafProcess.post(http, port, "/api/v1/subscriptions", "{\"customerId\":\"" + customer + "\",\"planId\":\""
                + plan + "\",\"startDate\":\"" + java.time.LocalDate.now(java.time.ZoneOffset.UTC) + "\"}", big));
        id(KarafProcess.post(http, port, "/api/v1/tickets", "{\"customerId\":\"" + customer + "\",\"subject\":"
                + "\"No signal\",\"description\":\"since noon\",\"priority\":\"HIGH\"}", big));

        // every GET of the ENTERPRISE tenant's description, called for real and checked against its schema
        String text = JSON.writeValueAsString(bigDoc);
        SchemaRegistry schemas = SchemaRegistry.withDefaultDialect(OpenApi31.getInstance(),
                b -> b.schemas(Map.of(DOC, text)));
        List<String> checked = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = bigDoc.path("paths").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> path = it.next();
            if (!path.getValue().has("get")) {
                continue;
            }
            Optional<String> concrete = concrete(path.getKey(), big);
            if (concrete.isEmpty()) {
                skipped.add(path.getKey());
                continue;
            }
            HttpResponse<String> answer = KarafProcess.get(http, port, "/api" + concrete.get(), big);
            String where = "GET " + concrete.get() + " (" + path.getKey() + ")";
            String status = String.valueOf(answer.statusCode());
            JsonNode documented = path.getValue().path("get").path("responses").path(status);
            if (documented.isMissingNode()) {
                failures.add(where + ": status " + status + " is not documented: " + answer.body());
                continue;
            }
            String type = answer.headers().firstValue("Content-Type").orElse("");
            if (!type.startsWith("application/json") && !type.startsWith("application/problem+json")) {
                checked.add(where + " " + status + " " + type);
                continue;
            }
            Schema schema = schema(schemas, path.getKey(), status, documented, type);
            if (schema == null) {
                failures.add(where + ": no schema documented for " + status + " " + type);
                continue;
            }
            List<?> errors = schema.validate(JSON.readTree(answer.body()));
            if (!errors.isEmpty()) {
                failures.add(where + ": " + errors + " in " + answer.body());
            }
            checked.add(where + " " + status);
        }
        System.out.println("ApiDescriptionIT: " + checked.size() + " GETs checked against the description, skipped "
                + skipped);
        assertEquals(List.of(), failures, "answers that do not match the description");
        assertTrue(checked.size() >= 25, "only " + checked.size() + " GETs checked: " + checked + "; skipped "
                + skipped);

        // a plugin removed at runtime leaves the description, and comes back with its feature
        shell("dotmac:plugin-uninstall dotmac-advanced-reporting");
        assertFalse(document(big).path("paths").has("/v1/reports/mrr"), "an uninstalled plugin is described");
        shell("dotmac:plugin-install dotmac-advanced-reporting");
        assertTrue(document(big).path("paths").has("/v1/reports/mrr"), "a plugin installed again is not described");

        // the reference page: Swagger UI's files, from this instance only
        HttpResponse<String> page = KarafProcess.get(http, port, "/api/docs/", null);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("/api/docs/swagger-ui-bundle.js"), page.body());
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'none'"));
        for (String file : new String[] {"swagger-ui-bundle.js", "swagger-ui.css", "init.js"}) {
            HttpResponse<String> asset = KarafProcess.get(http, port, "/api/docs/" + file, null);
            assertEquals(200, asset.statusCode(), file);
        }
        assertEquals(404, KarafProcess.get(http, port, "/api/docs/..%2Fetc%2Fpasswd", null).statusCode());
    }

    /** The schema documented for {@code status} and the answer's media type, or null when there is none. */
    private static Schema schema(SchemaRegistry schemas, String path, String status, JsonNode documented,
            String type) {
        String media = type.startsWith("application/problem+json") ? "application/problem+json" : "application/json";
        String base;
        JsonNode content;
        if (documented.has("$ref")) {
            String name = documented.get("$ref").asText().replace("#/components/responses/", "");
            base = "#/components/responses/" + escape(name);
            content = null;
        } else {
            base = "#/paths/" + escape(path) + "/get/responses/" + status;
            content = documented.path("content");
            if (!content.path(media).has("schema")) {
                return null;
            }
        }
        return schemas.getSchema(SchemaLocation.of(DOC + base + "/content/" + escape(media) + "/schema"));
    }

    private static String escape(String pointerToken) {
        return pointerToken.replace("~", "~0").replace("/", "~1");
    }

    private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");

    /**
     * {@code template} with each path parameter replaced by the id of the first item the path before it lists
     * ({@code /v1/customers/{id}} from {@code /v1/customers}); empty when a parameter cannot be filled that way.
     */
    private Optional<String> concrete(String template, String token) throws Exception {
        String out = template;
        Matcher m = PARAMETER.matcher(template);
        while (m.find()) {
            String before = out.substring(0, out.indexOf("{"));
            if (!m.group(1).equals("id") || before.length() < 2) {
                return Optional.empty();
            }
            HttpResponse<String> list = KarafProcess.get(http, port, "/api" + before.substring(0, before.length() - 1),
                    token);
            if (list.statusCode() != 200) {
                return Optional.empty();
            }
            JsonNode body = JSON.readTree(list.body());
            JsonNode items = body.isArray() ? body : body.path("items");
            if (!items.isArray() || items.isEmpty() || !items.get(0).has("id")) {
                return Optional.empty();
            }
            out = out.replaceFirst("\\{" + Pattern.quote(m.group(1)) + "}", items.get(0).get("id").asText());
        }
        return Optional.of(out);
    }

    private JsonNode document(String token) throws Exception {
        HttpResponse<String> answer = KarafProcess.get(http, port, "/api/v1/openapi.json", token);
        assertEquals(200, answer.statusCode(), answer.body());
        assertValid(answer.body());
        return JSON.readTree(answer.body());
    }

    private static void assertValid(String document) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(document, null, options);
        assertTrue(parsed.getOpenAPI() != null, "not an OpenAPI document");
        assertEquals(List.of(), parsed.getMessages(), "the OpenAPI validator's findings");
    }

    private static String tenant(String name, String slug, String tier) {
        return "{\"name\":\"" + name + "\",\"slug\":\"" + slug + "\",\"tier\":\"" + tier + "\",\"admin\":{\"username\":"
                + "\"boss\",\"email\":\"boss@" + slug + ".test\",\"password\":\"boss-password-1\"}}";
    }

    private static void created(HttpResponse<String> answer) {
        assertEquals(201, answer.statusCode(), answer.body());
    }

    /** The id of what {@code answer} created. */
    private static String id(HttpResponse<String> answer) throws IOException {
        created(answer);
        return JSON.readTree(answer.body()).path("id").asText();
    }

    private String token(String credentials) throws Exception {
        HttpResponse<String> answer = KarafProcess.post(http, port, "/api/v1/auth/token", credentials, null);
        assertEquals(200, answer.statusCode(), answer.body());
        return JSON.readTree(answer.body()).path("access_token").asText();
    }

    private void shell(String command) throws Exception {
        KarafProcess.shell(home, command);
    }

    private void boot() throws Exception {
        KarafProcess.Booted booted = KarafProcess.boot("api-description", ADMIN_PASSWORD);
        home = booted.home();
        port = booted.port();
        ssh = booted.ssh();
    }
}
