package io.dotmac.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.dotmac.marketplace.internal.TestPki;

/**
 * The marketplace through the booted distribution (its trust store holding a test authority): a developer registers,
 * submits a listing (its fields' errors named), uploads the test plugin's bundle (refused unsigned, changed after
 * signing, signed by a key the marketplace did not certify, or declaring another plugin; stored once signed with the
 * developer's certified key; the same version twice is a conflict), the platform's operator rejects and certifies it,
 * tenants see it in the catalogue only once certified; one below its tier floor cannot buy it, one that buys it has
 * it at once (installed on first purchase), another of the same tier does not; the month is charged and split 70/30
 * to the cent (JSON and CSV); cancelled it serves to the month's end; a revoked version serves nobody. Keys and signatures are made with the JDK's keytool and
 * jarsigner.
 */
class MarketplaceIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_PASSWORD = "marketplace-admin-1";

    private KarafProcess.Booted karaf;
    private final HttpClient http = KarafProcess.http();

    @AfterEach
    void stop() throws Exception {
        if (karaf != null) {
            KarafProcess.stop(karaf.home());
        }
    }

    private HttpResponse<String> send(String method, String path, HttpRequest.BodyPublisher body, String type,
            String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + karaf.port() + path))
                .timeout(Duration.ofSeconds(30)).method(method, body);
        if (type != null) {
            b.header("Content-Type", type);
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> json(String method, String path, String body, String... headers) throws Exception {
        return send(method, path, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body), body == null ? null : "application/json", headers);
    }

    private HttpResponse<String> upload(String plugin, Path jar, String key) throws Exception {
        return send("POST", "/api/v1/marketplace/plugins/" + plugin + "/versions",
                HttpRequest.BodyPublishers.ofFile(jar), "application/java-archive", "X-DotMac-Developer-Key", key);
    }

    private static JsonNode read(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    /** The problem's message for {@code field}. */
    private static String error(HttpResponse<String> r, String field) throws Exception {
        for (JsonNode e : read(r).path("errors")) {
            if (e.path("field").asText().equals(field)) {
                return e.path("message").asText();
            }
        }
        throw new AssertionError("no error on " + field + ": " + r.body());
    }

    @Test
    void aDeveloperPublishesASignedPluginAndTheOperatorCertifiesIt() throws Exception {
        Path pkiDir = Files.createTempDirectory("pki");
        TestPki pki = new TestPki(pkiDir);
        pki.developer("acme", true, true);
        pki.developer("rogue", false, true);
        karaf = KarafProcess.boot("marketplace", ADMIN_PASSWORD,
                home -> Files.copy(pki.authority(), home.resolve("etc/dotmac-marketplace-ca.pem")));
        HttpResponse<String> login = json("POST", "/api/v1/auth/token",
                "{\"username\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}");
        String admin = "Bearer " + read(login).path("access_token").asText();

        // a developer registers: the answer carries the key, once
        HttpResponse<String> bad = json("POST", "/api/v1/marketplace/developers", "{\"name\":\"\",\"email\":\"x\"}");
        assertEquals(422, bad.statusCode(), bad.body());
        assertEquals("must be an e-mail address", error(bad, "email"));
        error(bad, "payoutDetails");
        HttpResponse<String> registered = json("POST", "/api/v1/marketplace/developers",
                "{\"name\":\"Acme Plugins\",\"email\":\"dev@acme.test\",\"payoutDetails\":\"IBAN DE00 1234\"}");
        assertEquals(201, registered.statusCode(), registered.body());
        String key = read(registered).path("key").asText();
        assertTrue(key.startsWith("dmk_"), registered.body());
        assertEquals(401, json("GET", "/api/v1/marketplace/developer/plugins", null, "X-DotMac-Developer-Key",
                "dmk_wrong").statusCode());

        // a listing: each bad field named, then submitted with the certification fee recorded
        HttpResponse<String> invalid = json("POST", "/api/v1/marketplace/plugins", "{\"plugin\":\"Test Plugin\","
                + "\"name\":\"Test\",\"description\":\"x\",\"tierFloor\":\"GOLD\",\"monthlyPrice\":\"12.345\","
                + "\"currency\":\"usd\",\"screenshots\":[\"http://x\"]}", "X-DotMac-Developer-Key", key);
        assertEquals(422, invalid.statusCode(), invalid.body());
        for (String field : new String[] {"plugin", "tierFloor", "monthlyPrice", "currency", "screenshots[0]"}) {
            error(invalid, field);
        }
        HttpResponse<String> submitted = json("POST", "/api/v1/marketplace/plugins", "{\"plugin\":\"test_plugin\","
                + "\"name\":\"Hello for ISPs\",\"description\":\"Says hello to each tenant\",\"tierFloor\":\"PREMIUM\","
                + "\"monthlyPrice\":\"9.99\",\"currency\":\"USD\",\"screenshots\":[\"https://acme.test/1.png\"]}",
                "X-DotMac-Developer-Key", key);
        assertEquals(201, submitted.statusCode(), submitted.body());
        assertEquals("SUBMITTED", read(submitted).path("status").asText());
        assertEquals("500.00 USD", read(submitted).path("certificationFee").asText());
        assertEquals("9.99", read(submitted).path("monthlyPrice").asText());

        // uploads: unsigned, changed, a key the marketplace did not certify, another plugin's bundle: refused
        Path plugin = Files.copy(Path.of(System.getProperty("dotmac.testplugin")), pkiDir.resolve("plugin.jar"));
        HttpResponse<String> unsigned = upload("test_plugin", plugin, key);
        assertEquals(422, unsigned.statusCode(), unsigned.body());
        assertTrue(error(unsigned, "bundle").startsWith("The jar is not signed"), unsigned.body());
        Path rogue = Files.copy(plugin, pkiDir.resolve("rogue.jar"));
        pki.sign(rogue, "rogue");
        assertTrue(error(upload("test_plugin", rogue, key), "bundle").startsWith("The signing key is not certified"));
        pki.sign(plugin, "acme");
        Path changed = TestPki.rewrite(plugin, pkiDir.resolve("changed.jar"), "io/dotmac/testplugin/HelloResource.class",
                "not the signed class");
        assertTrue(error(upload("test_plugin", changed, key), "bundle").contains("changed after signing"));
        Path other = TestPki.bundle(pkiDir.resolve("other.jar"), "com.acme.other");
        pki.sign(other, "acme");
        assertTrue(error(upload("test_plugin", other, key), "bundle").contains("declares no plugin"));
        assertEquals(401, upload("test_plugin", plugin, "dmk_wrong").statusCode());

        // the signed bundle is stored; the same version again is a conflict
        HttpResponse<String> uploaded = upload("test_plugin", plugin, key);
        assertEquals(201, uploaded.statusCode(), uploaded.body());
        assertEquals("io.dotmac.testplugin", read(uploaded).path("symbolicName").asText());
        assertTrue(read(uploaded).path("signer").asText().contains("CN=acme"), uploaded.body());
        assertEquals(64, read(uploaded).path("sha256").asText().length());
        assertEquals(409, upload("test_plugin", plugin, key).statusCode());
        assertTrue(Files.exists(karaf.home().resolve("data/marketplace/test_plugin")
                .resolve(read(uploaded).path("version").asText() + ".jar")));
        try (var incoming = Files.list(karaf.home().resolve("data/marketplace/incoming"))) {
            assertEquals(0, incoming.count(), "nothing of a refused upload is kept");
        }

        // tenants see nothing until the operator certifies; a rejection tells the developer why
        String boss = tenant(admin, "buyer", "PREMIUM");
        String neighbour = tenant(admin, "other", "PREMIUM");
        String free = tenant(admin, "small", "FREE");
        assertEquals(0, read(json("GET", "/api/v1/marketplace/listings", null, "Authorization", boss)).path("items")
                .size());
        assertEquals(403, json("POST", "/api/v1/marketplace/plugins/test_plugin/certify", null, "Authorization", boss)
                .statusCode());
        HttpResponse<String> rejected = json("POST", "/api/v1/marketplace/plugins/test_plugin/reject",
                "{\"reason\":\"Screenshots missing\"}", "Authorization", admin);
        assertEquals("REJECTED", read(rejected).path("status").asText(), rejected.body());
        JsonNode mine = read(json("GET", "/api/v1/marketplace/developer/plugins", null, "X-DotMac-Developer-Key", key));
        assertEquals("Screenshots missing", mine.get(0).path("statusReason").asText());
        assertTrue(KarafProcess.shell(karaf.home(), "dotmac:marketplace-certify test_plugin").contains("CERTIFIED"));
        JsonNode listings = read(json("GET", "/api/v1/marketplace/listings", null, "Authorization", boss));
        assertEquals(1, listings.path("items").size(), listings.toString());
        assertEquals("Hello for ISPs", listings.path("items").get(0).path("name").asText());
        String list = KarafProcess.shell(karaf.home(), "dotmac:marketplace-list --status CERTIFIED");
        assertTrue(list.contains("test_plugin") && list.contains("Acme Plugins") && list.contains("9.99 USD"), list);

        // buying: below the tier floor refused; bought, it is installed on the instance and serves the buyer at
        // once, not another tenant of the same tier (a marketplace plugin is an add-on only), and the month is charged
        assertEquals(404, json("GET", "/api/v1/test-plugin/hello", null, "Authorization", boss).statusCode(),
                "not installed before the first purchase");
        HttpResponse<String> tooSmall = json("POST", "/api/v1/marketplace/purchases", "{\"plugin\":\"test_plugin\"}",
                "Authorization", free);
        assertEquals(403, tooSmall.statusCode(), tooSmall.body());
        assertTrue(tooSmall.body().contains("sold from the PREMIUM tier up"), tooSmall.body());
        HttpResponse<String> bought = json("POST", "/api/v1/marketplace/purchases", "{\"plugin\":\"test_plugin\"}",
                "Authorization", boss);
        assertEquals(201, bought.statusCode(), bought.body());
        HttpResponse<String> hello = json("GET", "/api/v1/test-plugin/hello", null, "Authorization", boss);
        assertEquals(200, hello.statusCode(), hello.body());
        HttpResponse<String> notBought = json("GET", "/api/v1/test-plugin/hello", null, "Authorization", neighbour);
        assertEquals(403, notBought.statusCode(), notBought.body());
        assertTrue(notBought.body().contains("sold in the marketplace"), notBought.body());
        assertEquals(409, json("POST", "/api/v1/marketplace/purchases", "{\"plugin\":\"test_plugin\"}",
                "Authorization", boss).statusCode(), "bought already");
        JsonNode purchases = read(json("GET", "/api/v1/marketplace/purchases", null, "Authorization", boss));
        assertEquals("test_plugin", purchases.get(0).path("plugin").asText());

        // the ledger: 9.99 charged, 6.99 to the developer and 3.00 to the platform, to the cent; once a month
        String month = java.time.YearMonth.now(java.time.ZoneOffset.UTC).toString();
        JsonNode payouts = read(json("GET", "/api/v1/marketplace/payouts?month=" + month, null, "Authorization",
                admin));
        assertEquals(1, payouts.size(), payouts.toString());
        assertEquals("9.99", payouts.get(0).path("charged").asText());
        assertEquals("6.99", payouts.get(0).path("developerShare").asText());
        assertEquals("3.00", payouts.get(0).path("platformShare").asText());
        assertEquals("Acme Plugins", payouts.get(0).path("developer").asText());
        HttpResponse<String> csv = send("GET", "/api/v1/marketplace/payouts?month=" + month + "&format=csv",
                HttpRequest.BodyPublishers.noBody(), null, "Authorization", admin);
        assertEquals(200, csv.statusCode(), csv.body());
        assertTrue(csv.body().startsWith("developerId,developer,payoutDetails,month,currency,charged,developerShare,"
                + "platformShare,charges"), csv.body());
        assertTrue(csv.body().contains(",USD,9.99,6.99,3.00,1"), csv.body());
        assertEquals(422, json("GET", "/api/v1/marketplace/payouts?month=2026-13", null, "Authorization", admin)
                .statusCode());
        assertEquals(1, read(json("GET", "/api/v1/marketplace/charges?month=" + month, null, "Authorization", admin))
                .size());

        // cancelled: it serves to the end of the month
        HttpResponse<String> cancelled = json("DELETE", "/api/v1/marketplace/purchases/test_plugin", null,
                "Authorization", boss);
        assertEquals(200, cancelled.statusCode(), cancelled.body());
        assertFalse(read(cancelled).path("endsAt").asText().isEmpty(), cancelled.body());
        assertEquals(200, json("GET", "/api/v1/test-plugin/hello", null, "Authorization", boss).statusCode());

        // uninstalling it is refused while a tenant has it (even cancelled, until the month ends)
        HttpResponse<String> inUse = json("POST", "/api/v1/marketplace/plugins/test_plugin/uninstall", null,
                "Authorization", admin);
        assertEquals(409, inUse.statusCode(), inUse.body());
        assertTrue(inUse.body().contains("in use by 1 tenant"), inUse.body());

        // the operator revokes the version: its bundle is removed, it serves no tenant (404)
        String version = read(uploaded).path("version").asText();
        assertTrue(KarafProcess.shell(karaf.home(), "dotmac:marketplace-revoke test_plugin " + version
                + " 'leaks tokens'").contains("REVOKED"));
        assertEquals(404, json("GET", "/api/v1/test-plugin/hello", null, "Authorization", boss).statusCode());
        assertEquals(0, read(json("GET", "/api/v1/marketplace/listings", null, "Authorization", boss)).path("items")
                .size(), "no available version: off the catalogue");
        assertEquals(409, json("POST", "/api/v1/marketplace/purchases", "{\"plugin\":\"test_plugin\"}",
                "Authorization", neighbour).statusCode());

        // the project `mvn archetype:generate` makes (built in the archetype's own integration test), signed and
        // published as is: a FREE tenant buys it, adds a note (its field error first) and reads it back
        Path generated = Files.copy(Path.of(System.getProperty("dotmac.generatedplugin")),
                pkiDir.resolve("generated.jar"));
        pki.sign(generated, "acme");
        assertEquals(201, json("POST", "/api/v1/marketplace/plugins", "{\"plugin\":\"generated_notes\",\"name\":"
                + "\"Generated notes\",\"description\":\"From the archetype\",\"tierFloor\":\"FREE\",\"monthlyPrice\":"
                + "\"1.00\",\"currency\":\"USD\"}", "X-DotMac-Developer-Key", key).statusCode());
        HttpResponse<String> up = upload("generated_notes", generated, key);
        assertEquals(201, up.statusCode(), up.body());
        json("POST", "/api/v1/marketplace/plugins/generated_notes/certify", null, "Authorization", admin);
        HttpResponse<String> boughtByFree = json("POST", "/api/v1/marketplace/purchases",
                "{\"plugin\":\"generated_notes\"}", "Authorization", free);
        assertEquals(201, boughtByFree.statusCode(), boughtByFree.body());
        // its endpoint comes once its schema is migrated (moments after its bundle starts)
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (json("GET", "/api/v1/generated-notes/notes", null, "Authorization", free).statusCode() == 404
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        HttpResponse<String> blank = json("POST", "/api/v1/generated-notes/notes", "{\"text\":\" \"}",
                "Authorization", free);
        assertEquals(422, blank.statusCode(), blank.body());
        assertEquals("is required", error(blank, "text"));
        assertEquals(201, json("POST", "/api/v1/generated-notes/notes", "{\"text\":\"first note\"}",
                "Authorization", free).statusCode());
        JsonNode notes = read(json("GET", "/api/v1/generated-notes/notes", null, "Authorization", free));
        assertEquals("first note", notes.path("items").get(0).path("text").asText(), notes.toString());
        assertEquals(403, json("GET", "/api/v1/generated-notes/notes", null, "Authorization", boss).statusCode(),
                "a tenant that did not buy it");

        // a KAR: its one feature lists the plugin's bundle and a library it brings, both inside it (a feature that
        // reaches outside the KAR is refused); bought, it is installed as the marketplace's own feature, each of its
        // bundles from the marketplace's store
        Map<String, Path> inside = new LinkedHashMap<>();
        inside.put("mvn:com.example/nps-lib/1.0.0", TestPki.bundle(pkiDir.resolve("nps-lib.jar"), "com.example.nps.lib"));
        inside.put("mvn:com.example/nps-survey/1.0.0", Path.of(System.getProperty("dotmac.npssurvey")));
        String lib = "<bundle>mvn:com.example/nps-lib/1.0.0</bundle>";
        String nps = "<bundle>mvn:com.example/nps-survey/1.0.0</bundle>";
        Path reaching = TestPki.kar(pkiDir.resolve("reaching.kar"), TestPki.features("nps-survey",
                "<feature>webconsole</feature>", lib, nps), inside);
        pki.sign(reaching, "acme");
        Path kar = TestPki.kar(pkiDir.resolve("nps.kar"), TestPki.features("nps-survey", lib, nps), inside);
        pki.sign(kar, "acme");
        assertEquals(201, json("POST", "/api/v1/marketplace/plugins", "{\"plugin\":\"nps_survey\",\"name\":"
                + "\"NPS survey\",\"description\":\"Net promoter scores\",\"tierFloor\":\"FREE\",\"monthlyPrice\":"
                + "\"2.50\",\"currency\":\"USD\"}", "X-DotMac-Developer-Key", key).statusCode());
        HttpResponse<String> refusedKar = upload("nps_survey", reaching, key);
        assertEquals(422, refusedKar.statusCode(), refusedKar.body());
        assertTrue(error(refusedKar, "bundle").contains("depends on feature 'webconsole'"), refusedKar.body());
        HttpResponse<String> karUp = upload("nps_survey", kar, key);
        assertEquals(201, karUp.statusCode(), karUp.body());
        assertEquals("com.example.nps", read(karUp).path("symbolicName").asText(), karUp.body());
        json("POST", "/api/v1/marketplace/plugins/nps_survey/certify", null, "Authorization", admin);
        HttpResponse<String> npsBought = json("POST", "/api/v1/marketplace/purchases", "{\"plugin\":\"nps_survey\"}",
                "Authorization", free);
        assertEquals(201, npsBought.statusCode(), npsBought.body());
        deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (json("GET", "/api/v1/nps/score", null, "Authorization", free).statusCode() == 404
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        HttpResponse<String> score = json("GET", "/api/v1/nps/score", null, "Authorization", free);
        assertEquals(200, score.statusCode(), score.body());
        String features = KarafProcess.shell(karaf.home(), "feature:list -i");
        assertTrue(features.contains("marketplace-nps_survey"), features);
        assertTrue(features.contains("marketplace-generated_notes"), features);
        String bundles = KarafProcess.shell(karaf.home(), "bundle:list -l -t 0 --no-ellipsis");
        assertTrue(bundles.contains("marketplace:nps_survey/1.0.0/repository/com/example/nps-lib/1.0.0/nps-lib-1.0.0.jar"),
                bundles);
    }

    /** A tenant of {@code tier} with its isp_admin "boss"; the boss's bearer token. */
    private String tenant(String admin, String slug, String tier) throws Exception {
        HttpResponse<String> made = json("POST", "/api/v1/tenants", "{\"name\":\"ISP " + slug + "\",\"slug\":\""
                + slug + "\",\"tier\":\"" + tier + "\",\"admin\":{\"username\":\"boss\",\"email\":\"boss@" + slug
                + ".test\",\"password\":\"buyer-pass-123\"}}", "Authorization", admin);
        assertEquals(201, made.statusCode(), made.body());
        return "Bearer " + read(json("POST", "/api/v1/auth/token", "{\"tenant\":\"" + slug + "\",\"username\":"
                + "\"boss\",\"password\":\"buyer-pass-123\"}")).path("access_token").asText();
    }
}
