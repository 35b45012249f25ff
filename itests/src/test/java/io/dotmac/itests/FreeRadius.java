package io.dotmac.itests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A stock FreeRADIUS 3 (Debian's {@code freeradius} with {@code freeradius-postgresql}) on loopback ports, with a
 * configuration written for the test: its sql module is FreeRADIUS's own PostgreSQL queries against DotMac's
 * database as the FreeRADIUS role, clients read from DotMac's {@code nas} view, PAP and CHAP, accounting into
 * {@code radacct}. Subscribers are then tested as a NAS would with {@code radclient} (freeradius-utils).
 */
final class FreeRadius implements AutoCloseable {

    private final Process process;
    /** The last lines FreeRADIUS printed (a ring: it logs every authentication). */
    private final java.util.ArrayDeque<String> output = new java.util.ArrayDeque<>();
    private volatile boolean ready;
    final int authPort;
    final int acctPort;

    private FreeRadius(Process process, int authPort, int acctPort) {
        this.process = process;
        this.authPort = authPort;
        this.acctPort = acctPort;
    }

    /** Starts FreeRADIUS on two free loopback ports, reading {@code database} as {@code role}; waits until ready. */
    static FreeRadius start(Path dir, String database, String role, String password) throws Exception {
        int auth = DotMacTestSupport.freePortBelowEphemeral();
        int acct = DotMacTestSupport.freePortBelowEphemeral();
        while (acct == auth) {
            acct = DotMacTestSupport.freePortBelowEphemeral();
        }
        Files.createDirectories(dir.resolve("log"));
        Files.createDirectories(dir.resolve("run"));
        Files.writeString(dir.resolve("dictionary"), "# nothing of our own: the shipped dictionaries have Mikrotik "
                + "and WISPr\n");
        Files.writeString(dir.resolve("radiusd.conf"), """
                prefix = /usr
                exec_prefix = /usr
                sysconfdir = /etc
                localstatedir = /var
                sbindir = /usr/sbin
                logdir = %1$s/log
                raddbdir = %1$s
                radacctdir = %1$s/log
                name = freeradius
                confdir = %1$s
                modconfdir = /etc/freeradius/3.0/mods-config
                run_dir = %1$s/run
                db_dir = %1$s
                libdir = /usr/lib/freeradius
                pidfile = %1$s/run/radiusd.pid
                max_request_time = 30
                cleanup_delay = 0
                max_requests = 65536
                hostname_lookups = no
                log {
                    destination = stdout
                    auth = yes
                    auth_badpass = no
                    auth_goodpass = no
                }
                security {
                    allow_core_dumps = no
                    max_attributes = 200
                    reject_delay = 0
                    status_server = no
                }
                thread pool {
                    start_servers = 8
                    max_servers = 64
                    min_spare_servers = 4
                    max_spare_servers = 32
                    max_requests_per_server = 0
                }
                modules {
                    # %%{tolower:}, %%{integer:}, %%{md5:} of the shipped queries
                    expr {
                    }
                    pap {
                        normalise = yes
                    }
                    chap {
                    }
                    sql {
                        dialect = "postgresql"
                        driver = "rlm_sql_postgresql"
                        server = "127.0.0.1"
                        port = 5432
                        login = "%3$s"
                        password = "%4$s"
                        radius_db = "%2$s"
                        acct_table1 = "radacct"
                        acct_table2 = "radacct"
                        postauth_table = "radpostauth"
                        authcheck_table = "radcheck"
                        groupcheck_table = "radgroupcheck"
                        authreply_table = "radreply"
                        groupreply_table = "radgroupreply"
                        usergroup_table = "radusergroup"
                        client_table = "nas"
                        read_groups = yes
                        read_clients = yes
                        delete_stale_sessions = yes
                        group_attribute = "SQL-Group"
                        pool {
                            start = 4
                            min = 4
                            max = 32
                            spare = 16
                            uses = 0
                            retry_delay = 1
                            lifetime = 0
                            idle_timeout = 60
                        }
                        $INCLUDE ${modconfdir}/${.:name}/main/${dialect}/queries.conf
                    }
                }
                server dotmac {
                    listen {
                        type = auth
                        ipaddr = 127.0.0.1
                        port = %5$d
                    }
                    listen {
                        type = acct
                        ipaddr = 127.0.0.1
                        port = %6$d
                    }
                    authorize {
                        sql
                        chap
                        pap
                    }
                    authenticate {
                        Auth-Type PAP {
                            pap
                        }
                        Auth-Type CHAP {
                            chap
                        }
                    }
                    preacct {
                        update request {
                            &Acct-Unique-Session-Id := "%%{md5:%%{User-Name},%%{Acct-Session-Id},%%{NAS-IP-Address},%%{NAS-Port}}"
                        }
                    }
                    accounting {
                        sql
                    }
                    post-auth {
                        sql
                        Post-Auth-Type REJECT {
                            sql
                        }
                    }
                }
                """.formatted(dir, database, role, password, auth, acct));
        Process p = new ProcessBuilder("freeradius", "-f", "-l", "stdout", "-d", dir.toString(), "-n", "radiusd")
                .redirectErrorStream(true).start();
        FreeRadius radius = new FreeRadius(p, auth, acct);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null;) {
                    if (line.contains("Ready to process requests")) {
                        radius.ready = true;
                    }
                    synchronized (radius.output) {
                        radius.output.addLast(line);
                        if (radius.output.size() > 200) {
                            radius.output.removeFirst();
                        }
                    }
                }
            } catch (IOException ended) {
                // the process ended
            }
        }, "freeradius-output");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!radius.ready) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new AssertionError("FreeRADIUS did not start: " + radius.log());
            }
            Thread.sleep(50);
        }
        return radius;
    }

    /** What radclient printed for one request (with {@code -x}: the reply's attributes). */
    String radclient(String type, String secret, String... attributes) throws Exception {
        int port = type.equals("acct") ? acctPort : authPort;
        Process p = new ProcessBuilder("radclient", "-x", "-r", "2", "-t", "3", "127.0.0.1:" + port, type, secret)
                .redirectErrorStream(true).start();
        p.getOutputStream().write((String.join("\n", attributes) + "\n").getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("radclient did not finish: " + out);
        }
        return out;
    }

    /** An Access-Request with PAP; what radclient printed. */
    String authenticate(String secret, String user, String password) throws Exception {
        return radclient("auth", secret, "User-Name = \"" + user + "\"", "User-Password = \"" + password + "\"",
                "NAS-IP-Address = 127.0.0.1");
    }

    /** The last lines FreeRADIUS printed (for a failing assertion's message). */
    String log() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
