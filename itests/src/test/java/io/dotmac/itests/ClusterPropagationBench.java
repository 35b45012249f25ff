package io.dotmac.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * How long a change made on node A takes to be in force on node B (not a test: run it with
 * {@code benchmarks/cluster-propagation.sh}). Two distributions as processes on one PostgreSQL database, as in
 * {@link ClusterIT}; a PREMIUM tenant's administrator switches network_monitoring off and on again on A
 * {@code cluster.changes} times, and after each switch B is asked (a GET of the plugin's devices, one after another)
 * until it answers as switched. The delay runs from sending the switch to A to B's first answer reflecting it, so it
 * includes A's write. Prints the distribution; asserts only that every change arrived.
 */
class ClusterPropagationBench {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void propagationDelays() throws Exception {
        assumeTrue(PostgresDatabase.unreachable() == null, PostgresDatabase.unreachable());
        int changes = Integer.getInteger("cluster.changes", 1000);
        HttpClient http = KarafProcess.http();
        String[] pg = ClusterIT.database();
        KarafProcess.Booted a = null;
        KarafProcess.Booted b = null;
        try {
            String key = ClusterIT.tokenKey();
            a = ClusterIT.node(pg, "bench-a", key);
            b = ClusterIT.node(pg, "bench-b", key);
            String operator = token(KarafProcess.post(http, a.port(), "/api/v1/auth/token", "{\"username\":\"admin\","
                    + "\"password\":\"" + ClusterIT.ADMIN_PASSWORD + "\"}", null));
            assertEquals(201, KarafProcess.post(http, a.port(), "/api/v1/tenants", "{\"name\":\"Bench ISP\",\"slug\":"
                    + "\"bench-isp\",\"tier\":\"PREMIUM\",\"admin\":{\"username\":\"boss\",\"email\":"
                    + "\"boss@bench.example.com\",\"password\":\"" + ClusterIT.ADMIN_PASSWORD + "\"}}", operator)
                    .statusCode());
            Thread.sleep(1000);
            String login = "{\"tenant\":\"bench-isp\",\"username\":\"boss\",\"password\":\""
                    + ClusterIT.ADMIN_PASSWORD + "\"}";
            String onA = token(KarafProcess.post(http, a.port(), "/api/v1/auth/token", login, null));
            String onB = token(KarafProcess.post(http, b.port(), "/api/v1/auth/token", login, null));
            long[] delays = new long[changes];
            long[] writes = new long[changes];
            for (int i = 0; i < changes; i++) {
                boolean enabled = i % 2 == 1;
                long sent = System.nanoTime();
                HttpResponse<String> put = KarafProcess.put(http, a.port(), "/api/v1/tenant/plugins/network_monitoring",
                        "{\"enabled\":" + enabled + "}", onA);
                assertEquals(200, put.statusCode(), put.body());
                writes[i] = System.nanoTime() - sent;
                long deadline = sent + 10_000_000_000L;
                while (true) {
                    int code = KarafProcess.get(http, b.port(), "/api/v1/network/devices?limit=1", onB).statusCode();
                    if ((code == 200) == enabled) {
                        delays[i] = System.nanoTime() - sent;
                        break;
                    }
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("change " + i + " did not reach B in 10 s (B answers " + code + ")");
                    }
                }
            }
            System.out.println("propagation " + changes + " changes, A -> B (ms): " + summary(delays)
                    + "; of which A's write (PUT answered): " + summary(writes));
        } finally {
            for (KarafProcess.Booted node : new KarafProcess.Booted[] {a, b}) {
                if (node != null) {
                    KarafProcess.stop(node.home());
                }
            }
            ClusterIT.dropDatabase(pg);
        }
    }

    private static String summary(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format(java.util.Locale.ROOT, "p50 %.1f, p90 %.1f, p99 %.1f, max %.1f", ms(sorted, 0.50),
                ms(sorted, 0.90), ms(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
    }

    private static double ms(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    private static String token(HttpResponse<String> r) throws Exception {
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body()).path("access_token").asText();
    }
}
