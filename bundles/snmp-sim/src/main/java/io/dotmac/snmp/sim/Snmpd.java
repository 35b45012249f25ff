package io.dotmac.snmp.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Debian's snmpd ({@code /usr/sbin/snmpd}), started in the foreground on {@code port} of the given loopback
 * addresses with a v2c community and an SNMPv3 user (SHA-256, AES-128), and stopped on close. Its files (config,
 * persistent state, log) stay in {@code dir}.
 */
public final class Snmpd implements AutoCloseable {

    public static final String COMMUNITY = "dotmac-ro";
    public static final String USER = "dotmacv3";
    public static final String AUTH_PASS = "auth-pass-123";
    public static final String PRIV_PASS = "priv-pass-456";
    public static final String SYS_NAME = "snmpd-under-test";

    private final int port;
    private final Process process;

    private Snmpd(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    public int port() {
        return port;
    }

    public static Snmpd start(Path dir, int port, List<String> addresses) throws IOException {
        Files.createDirectories(dir);
        Path conf = dir.resolve("snmpd.conf");
        String listen = addresses.stream().map(a -> "udp:" + a + ":" + port).collect(Collectors.joining(","));
        Files.writeString(conf, String.join("\n",
                "agentaddress " + listen,
                "rocommunity " + COMMUNITY + " 127.0.0.0/8",
                "createUser " + USER + " SHA-256 " + AUTH_PASS + " AES " + PRIV_PASS,
                "rouser " + USER + " priv",
                "sysName " + SYS_NAME,
                ""));
        ProcessBuilder pb = new ProcessBuilder("/usr/sbin/snmpd", "-f", "-Lo", "-C", "-c", conf.toString(), "-r",
                "-I", "-smux,agentx");
        pb.environment().put("SNMP_PERSISTENT_DIR", dir.resolve("persist").toString());
        pb.environment().put("MIBS", "");
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("snmpd.log").toFile());
        return new Snmpd(port, pb.start());
    }

    public boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
