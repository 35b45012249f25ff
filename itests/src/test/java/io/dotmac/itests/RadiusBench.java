package io.dotmac.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * FreeRADIUS against DotMac's views with many subscribers (not a test: run it with {@code benchmarks/radius.sh}).
 * The distribution runs as a process on a new PostgreSQL database; {@code radius.subscribers} accounts (default
 * 100,000) are written straight into radius_aaa's table, a stock FreeRADIUS (as in {@link FreeRadius}) reads them, and
 * {@code radius.clients} loopback NAS threads send PAP Access-Requests for random subscribers, one outstanding each,
 * for {@code radius.seconds}: authentications per second and the latency distribution. Then {@code radius.suspensions}
 * subscribers made through the API, each with an open session, are suspended one after another through the API:
 * the time from sending the PATCH to the Disconnect-Request arriving at a test NAS.
 */
class RadiusBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "bench-nas-secret";

    @Test
    void authenticationsAndSuspensions() throws Exception {
        assumeTrue(PostgresDatabase.unreachable() == null, PostgresDatabase.unreachable());
        int subscribers = Integer.getInteger("radius.subscribers", 100_000);
        int clients = Integer.getInteger("radius.clients", 32);
        int seconds = Integer.getInteger("radius.seconds", 30);
        int suspensions = Integer.getInteger("radius.suspensions", 20);
        HttpClient http = KarafProcess.http();
        String[] base = ClusterIT.database();
        String radiusRole = base[1].replace("_owner_", "_radius_");
        String[] pg = Arrays.copyOf(base, base.length + 1);
        pg[base.length] = radiusRole;
        try (Connection c = PostgresDatabase.admin(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + radiusRole + " LOGIN PASSWORD 'radius'");
            if (Boolean.getBoolean("radius.asyncCommit")) {
                // FreeRADIUS's own writes (post-auth log, accounting) without waiting for the WAL flush
                s.execute("ALTER ROLE " + radiusRole + " SET synchronous_commit = off");
            }
        }
        KarafProcess.Booted node = null;
        Path dir = Files.createTempDirectory("freeradius-bench");
        try (TestNas nas = new TestNas(SECRET)) {
            node = KarafProcess.boot("radius-bench", ClusterIT.ADMIN_PASSWORD, home -> {
                KarafProcess.onPostgres(home, pg);
                KarafProcess.set(home.resolve("etc/io.dotmac.persistence.cfg"), "radiusUser", radiusRole);
            });
            int port = node.port();
            String operator = read(KarafProcess.post(http, port, "/api/v1/auth/token", "{\"username\":\"admin\","
                    + "\"password\":\"" + ClusterIT.ADMIN_PASSWORD + "\"}", null)).path("access_token").asText();
            JsonNode tenant = read(KarafProcess.post(http, port, "/api/v1/tenants", "{\"name\":\"Bench ISP\",\"slug\":"
                    + "\"bench-isp\",\"tier\":\"BASIC\",\"admin\":{\"username\":\"boss\",\"email\":"
                    + "\"boss@bench.example.com\",\"password\":\"" + ClusterIT.ADMIN_PASSWORD + "\"}}", operator));
            String boss = read(KarafProcess.post(http, port, "/api/v1/auth/token", "{\"tenant\":\"bench-isp\","
                    + "\"username\":\"boss\",\"password\":\"" + ClusterIT.ADMIN_PASSWORD + "\"}", null))
                    .path("access_token").asText();
            String plan = read(KarafProcess.post(http, port, "/api/v1/plans", "{\"name\":\"Fibre\",\"price\":\"40.00\","
                    + "\"currency\":\"USD\",\"billingPeriod\":\"MONTHLY\",\"downloadMbps\":100,\"uploadMbps\":20}",
                    boss)).path("id").asText();
            assertEquals(201, KarafProcess.post(http, port, "/api/v1/radius/nas", "{\"name\":\"bench-nas\","
                    + "\"address\":\"127.0.0.1\",\"secret\":\"" + SECRET + "\",\"coaPort\":" + nas.port() + "}", boss)
                    .statusCode());
            // the subscribers used for the suspensions, made through the API
            List<String[]> real = new ArrayList<>();
            for (int i = 0; i < suspensions; i++) {
                String customer = read(KarafProcess.post(http, port, "/api/v1/customers", "{\"name\":\"Bench " + i
                        + "\",\"email\":\"bench" + i + "@bench.example.com\"}", boss)).path("id").asText();
                String sub = read(KarafProcess.post(http, port, "/api/v1/subscriptions", "{\"customerId\":\""
                        + customer + "\",\"planId\":\"" + plan + "\",\"startDate\":\"" + LocalDate.now() + "\"}", boss))
                        .path("id").asText();
                JsonNode account = read(KarafProcess.post(http, port, "/api/v1/radius/accounts",
                        "{\"subscriptionId\":\"" + sub + "\",\"username\":\"real" + i + "\"}", boss));
                real.add(new String[] {sub, account.path("login").asText()});
            }
            // the many, straight into the table (as the superuser: their subscriptions are not needed to log in)
            long loadStart = System.nanoTime();
            try (Connection c = DriverManager.getConnection(PostgresDatabase.urlOf(pg[0]), PostgresDatabase.ADMIN_USER,
                    PostgresDatabase.ADMIN_PASSWORD); PreparedStatement s = c.prepareStatement(
                            "INSERT INTO dotmac_radius_account (tenant_id, id, subscription_id, customer_id, kind, "
                            + "username, login, password, status, plan_id, download_mbps, upload_mbps, created_at, "
                            + "updated_at) SELECT ?, 'B' || lpad(g::text, 25, '0'), 'bench-' || g, 'bench', 'PPPOE', "
                            + "'user' || g, 'user' || g || '@bench-isp', 'pw-' || g, 'ACTIVE', ?, 100, 20, now(), "
                            + "now() FROM generate_series(1, ?) g")) {
                s.setString(1, tenant.path("id").asText());
                s.setString(2, plan);
                s.setInt(3, subscribers);
                s.executeUpdate();
                try (Statement a = c.createStatement()) {
                    a.execute("ANALYZE");
                }
            }
            System.out.println("radius: " + subscribers + " accounts written in "
                    + (System.nanoTime() - loadStart) / 1_000_000 + " ms");
            try (FreeRadius radius = FreeRadius.start(dir, pg[0], radiusRole, "radius")) {
                String first = radius.authenticate(SECRET, "user1@bench-isp", "pw-1");
                assertTrue(first.contains("Access-Accept"), first + radius.log());
                long refused = load(radius.authPort, subscribers, clients, 5); // warm-up
                refused += load(radius.authPort, subscribers, clients, seconds);
                assertEquals(0, refused, "every request accepted; FreeRADIUS said:\n" + radius.log());

                long[] delays = new long[real.size()];
                for (int i = 0; i < real.size(); i++) {
                    String[] r = real.get(i);
                    String started = radius.radclient("acct", SECRET, "Acct-Status-Type = Start", "User-Name = \""
                            + r[1] + "\"", "Acct-Session-Id = \"bench-" + i + "\"", "NAS-IP-Address = 127.0.0.1");
                    assertTrue(started.contains("Accounting-Response"), started);
                    long sent = System.currentTimeMillis();
                    HttpResponse<String> patch = KarafProcess.patch(http, port, "/api/v1/subscriptions/" + r[0],
                            "{\"status\":\"SUSPENDED\"}", boss);
                    assertEquals(200, patch.statusCode(), patch.body());
                    TestNas.Request d = nas.next(10);
                    assertNotNull(d, "a Disconnect-Request for " + r[1]);
                    assertEquals(r[1], d.text(1));
                    delays[i] = d.receivedAtMillis() - sent;
                }
                Arrays.sort(delays);
                System.out.println("radius: suspension -> Disconnect-Request over " + delays.length + " (ms): p50 "
                        + delays[delays.length / 2] + ", max " + delays[delays.length - 1]);
            }
        } finally {
            if (node != null) {
                KarafProcess.stop(node.home());
            }
            ClusterIT.dropDatabase(pg);
        }
    }

    /** {@code clients} threads, one Access-Request outstanding each, for {@code seconds}; prints what it measured. */
    private static long load(int port, int subscribers, int clients, int seconds) throws Exception {
        AtomicLong accepted = new AtomicLong();
        AtomicLong other = new AtomicLong();
        AtomicLong lost = new AtomicLong();
        List<long[]> latencies = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        for (int t = 0; t < clients; t++) {
            long[] mine = new long[2_000_000];
            latencies.add(mine);
            Thread thread = new Thread(() -> {
                int n = 0;
                SecureRandom random = new SecureRandom();
                try (DatagramSocket socket = new DatagramSocket()) {
                    socket.setSoTimeout(2000);
                    InetAddress server = InetAddress.getLoopbackAddress();
                    byte[] buffer = new byte[4096];
                    int id = 0;
                    while (System.nanoTime() < end && n < mine.length - 1) {
                        int user = 1 + ThreadLocalRandom.current().nextInt(subscribers);
                        id = (id + 1) & 0xFF;
                        byte[] request = accessRequest(id, "user" + user + "@bench-isp", "pw-" + user, random);
                        long sent = System.nanoTime();
                        socket.send(new DatagramPacket(request, request.length, server, port));
                        while (true) {
                            DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
                            try {
                                socket.receive(answer);
                            } catch (SocketTimeoutException e) {
                                lost.incrementAndGet();
                                break;
                            }
                            if ((buffer[1] & 0xFF) != id) {
                                continue; // a late answer to an earlier request
                            }
                            mine[++n] = System.nanoTime() - sent;
                            (buffer[0] == 2 ? accepted : other).incrementAndGet();
                            break;
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                mine[0] = n;
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        int total = 0;
        for (long[] l : latencies) {
            total += (int) l[0];
        }
        long[] all = new long[total];
        int i = 0;
        for (long[] l : latencies) {
            System.arraycopy(l, 1, all, i, (int) l[0]);
            i += (int) l[0];
        }
        Arrays.sort(all);
        System.out.printf("radius: %s%d subscribers, %d NAS threads, %d s: %.0f auth/s (%d accepted, %d other, %d "
                + "timed out); latency ms p50 %.2f, p99 %.2f, max %.2f%n",
                Boolean.getBoolean("radius.asyncCommit") ? "(synchronous_commit off) " : "", subscribers, clients,
                seconds,
                (double) total / seconds, accepted.get(), other.get(), lost.get(), ms(all, 0.50), ms(all, 0.99),
                all.length == 0 ? 0.0 : all[all.length - 1] / 1e6);
        assertTrue(total > 0, "some requests answered");
        return other.get() + lost.get();
    }

    private static double ms(long[] sorted, double q) {
        return sorted.length == 0 ? 0.0 : sorted[(int) Math.min(sorted.length - 1, q * sorted.length)] / 1e6;
    }

    /** A PAP Access-Request (RFC 2865 §5.2: the password hidden with MD5(secret + Request Authenticator)). */
    static byte[] accessRequest(int id, String user, String password, SecureRandom random) throws Exception {
        byte[] authenticator = new byte[16];
        random.nextBytes(authenticator);
        byte[] name = user.getBytes(StandardCharsets.UTF_8);
        byte[] plain = Arrays.copyOf(password.getBytes(StandardCharsets.UTF_8),
                Math.max(16, (password.length() + 15) / 16 * 16));
        byte[] hidden = new byte[plain.length];
        byte[] previous = authenticator;
        for (int block = 0; block < plain.length; block += 16) {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(SECRET.getBytes(StandardCharsets.UTF_8));
            md5.update(previous);
            byte[] b = md5.digest();
            for (int k = 0; k < 16; k++) {
                hidden[block + k] = (byte) (plain[block + k] ^ b[k]);
            }
            previous = Arrays.copyOfRange(hidden, block, block + 16);
        }
        int length = 20 + 2 + name.length + 2 + hidden.length + 6;
        return ByteBuffer.allocate(length).put((byte) 1).put((byte) id).putShort((short) length).put(authenticator)
                .put((byte) 1).put((byte) (2 + name.length)).put(name)
                .put((byte) 2).put((byte) (2 + hidden.length)).put(hidden)
                .put((byte) 4).put((byte) 6).put(new byte[] {127, 0, 0, 1}).array();
    }

    private static JsonNode read(HttpResponse<String> r) throws Exception {
        assertTrue(r.statusCode() / 100 == 2, r.statusCode() + " " + r.body());
        return JSON.readTree(r.body());
    }
}
