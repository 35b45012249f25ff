package ${package}.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.vmOption;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureSecurity;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Boots the DotMac distribution with this plugin installed from its jar, as a marketplace plugin is (it sees the
 * published plugin API only), and talks HTTP to it: two tenants, each seeing only its own notes.
 * The test runs inside the container; {@code mvn verify} runs it after packaging the bundle.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class NotesIT {

    private static final String PASSWORD = "a-long-test-password";
    private static final Pattern TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Configuration
    public Option[] config() {
        String httpPort = String.valueOf(freePort());
        return options(
                karafDistributionConfiguration()
                        .frameworkUrl(new File(System.getProperty("dotmac.distribution")).toURI().toString())
                        .name("DotMac")
                        .unpackDirectory(new File("target/exam"))
                        .useDeployFolder(false),
                configureSecurity().disableKarafMBeanServerBuilder(),
                configureConsole().ignoreLocalConsole(),
                // as DotMac's bin/setenv does
                vmOption("-Djdk.util.zip.disableZip64ExtraFieldValidation=true"),
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", httpPort),
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", String.valueOf(freePort())),
                editConfigurationFilePut("etc/system.properties", "it.httpPort", httpPort),
                // the plugin as the marketplace installs a third party's bundle: not from DotMac's own repository
                bundle(new File(System.getProperty("plugin.bundle")).toURI().toString()));
    }

    @Test
    public void eachTenantSeesOnlyItsOwnNotes() throws Exception {
        await("DotMac's health", () -> send("GET", "/api/v1/health", null, null).statusCode() == 200);
        String admin = login(null, "admin", adminPassword());
        createTenant(admin, "notes-isp-a");
        createTenant(admin, "notes-isp-b");
        String a = login("notes-isp-a", "owner", PASSWORD);
        String b = login("notes-isp-b", "owner", PASSWORD);

        // the plugin's endpoint is there once its schema is migrated (and the licensing has the new tenants)
        String[] created = new String[1];
        await("a note created", () -> {
            HttpResponse<String> r = send("POST", "/api/v1/${root}/notes", "{\"text\":\"  first  \"}", a);
            created[0] = r.statusCode() == 201 ? r.body() : null;
            return created[0] != null;
        });
        assertTrue(created[0], created[0].contains("\"text\":\"first\""));

        HttpResponse<String> refused = send("POST", "/api/v1/${root}/notes", "{\"text\":\" \"}", a);
        assertEquals(refused.body(), 422, refused.statusCode());
        assertTrue(refused.body(), refused.body().contains("\"field\":\"text\""));

        HttpResponse<String> mine = send("GET", "/api/v1/${root}/notes", null, a);
        assertEquals(mine.body(), 200, mine.statusCode());
        assertTrue(mine.body(), mine.body().contains("\"first\""));
        HttpResponse<String> theirs = send("GET", "/api/v1/${root}/notes", null, b);
        assertEquals(theirs.body(), 200, theirs.statusCode());
        assertFalse(theirs.body(), theirs.body().contains("\"first\""));
    }

    private void createTenant(String admin, String slug) throws Exception {
        HttpResponse<String> r = send("POST", "/api/v1/tenants", "{\"name\":\"" + slug + "\",\"slug\":\"" + slug
                + "\",\"tier\":\"FREE\",\"admin\":{\"username\":\"owner\",\"email\":\"owner@" + slug
                + ".example\",\"password\":\"" + PASSWORD + "\"}}", admin);
        assertEquals(r.body(), 201, r.statusCode());
    }

    private String login(String tenant, String username, String password) throws Exception {
        String body = "{\"username\":\"" + username + "\",\"password\":\"" + password + "\""
                + (tenant == null ? "" : ",\"tenant\":\"" + tenant + "\"") + "}";
        String[] token = new String[1];
        await("a token for " + username, () -> {
            Matcher m = TOKEN.matcher(send("POST", "/api/v1/auth/token", body, null).body());
            token[0] = m.find() ? m.group(1) : null;
            return token[0] != null;
        });
        return token[0];
    }

    /** DotMac writes a generated admin password to etc/admin.password on its first start. */
    private static String adminPassword() throws Exception {
        Path file = Path.of(System.getProperty("karaf.etc"), "admin.password");
        await("the admin password file", () -> Files.exists(file));
        return Files.readString(file).trim();
    }

    private HttpResponse<String> send(String method, String path, String json, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + System.getProperty("it.httpPort") + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    /** Checks {@code condition} every 200 ms for up to 90 s (a cold start on a small machine). */
    private static void await(String what, Condition condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (IOException e) {
                last = e; // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out waiting for " + what + (last == null ? "" : ": " + last));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }
}
