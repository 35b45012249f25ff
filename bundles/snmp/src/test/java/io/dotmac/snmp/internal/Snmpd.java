package io.dotmac.snmp.internal;

import java.io.IOException;
import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Debian's snmpd, started on a free loopback UDP port with a v2c community and a v3 user (SHA-256, AES), stopped on
 * close.
 */
final class Snmpd implements AutoCloseable {

    static final String COMMUNITY = "dotmac-ro";
    static final String USER = "dotmacv3";
    static final String AUTH_PASS = "auth-pass-123";
    static final String PRIV_PASS = "priv-pass-456";

    final int port;
    private final Process process;

    private Snmpd(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    static Snmpd start(Path dir) throws IOException, InterruptedException {
        int port;
        try (DatagramSocket s = new DatagramSocket(0)) {
            port = s.getLocalPort();
        }
        Path conf = dir.resolve("snmpd.conf");
        Files.writeString(conf, String.join("\n",
                "agentaddress udp:127.0.0.1:" + port,
                "rocommunity " + COMMUNITY + " 127.0.0.1",
                "createUser " + USER + " SHA-256 " + AUTH_PASS + " AES " + PRIV_PASS,
                "rouser " + USER + " priv",
                "sysName snmpd-under-test",
                ""));
        ProcessBuilder pb = new ProcessBuilder("/usr/sbin/snmpd", "-f", "-Lo", "-C", "-c", conf.toString(), "-r",
                "-I", "-smux,agentx");
        pb.environment().put("SNMP_PERSISTENT_DIR", dir.resolve("persist").toString());
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("snmpd.log").toFile());
        Process p = pb.start();
        return new Snmpd(port, p);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
