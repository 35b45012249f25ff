package io.dotmac.management;

/**
 * The first-boot script (cloud-init user data) of an ISP's DotMac on a cloud server whose image has the distribution
 * installed in {@code /opt/dotmac} with a {@code dotmac} system service: it makes DotMac's three PostgreSQL roles on
 * the managed database with its administrator account, writes the data source, the roles' settings and the first
 * operator's password, then starts the service. For the cloud providers' PROVISION steps.
 *
 * @since 1.1
 */
public final class FirstBoot {

    /**
     * A managed PostgreSQL database as its provider gives it.
     *
     * @param host          its host name
     * @param port          its port
     * @param database      the database DotMac uses
     * @param adminUser     the provider's administrator account (it makes the roles)
     * @param adminPassword its password
     * @param sslMode       {@code require} where the provider insists on TLS, else {@code prefer}
     */
    public record Database(String host, int port, String database, String adminUser, String adminPassword,
            String sslMode) {
        @Override
        public String toString() {
            return "Database[" + host + ":" + port + "/" + database + " as " + adminUser + "]";
        }
    }

    private FirstBoot() {
    }

    /**
     * The script: roles {@code dotmac_owner}, {@code dotmac_app}, {@code dotmac_system} with {@code rolePassword}
     * (letters and digits), the operator's password in {@code etc/admin.password}.
     *
     * @throws IllegalArgumentException when a value could break out of the script's quoting
     */
    public static String script(Database db, String rolePassword, String operatorPassword) {
        for (String v : new String[] {db.host(), db.database(), db.adminUser(), db.sslMode()}) {
            if (!v.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("not a plain name: " + v);
            }
        }
        for (String v : new String[] {db.adminPassword(), rolePassword, operatorPassword}) {
            if (!v.matches("[A-Za-z0-9_-]+")) {
                throw new IllegalArgumentException("a password here is letters, digits, _ and - only");
            }
        }
        String jdbc = "jdbc:postgresql://" + db.host() + ":" + db.port() + "/" + db.database() + "?sslmode="
                + db.sslMode();
        String psql = "psql \"host=" + db.host() + " port=" + db.port() + " dbname=" + db.database() + " user="
                + db.adminUser() + " sslmode=" + db.sslMode() + "\" -v ON_ERROR_STOP=1";
        return "#!/bin/sh\n"
                + "# written by the DotMac management platform: the first start of this ISP's DotMac\n"
                + "set -eu\n"
                + "ETC=/opt/dotmac/etc\n"
                + "export PGPASSWORD='" + db.adminPassword() + "'\n"
                + "for role in owner app system; do\n"
                + "  " + psql + " -c \"DO \\$\\$BEGIN CREATE ROLE dotmac_$role LOGIN PASSWORD '" + rolePassword
                + "'; EXCEPTION WHEN duplicate_object THEN NULL; END\\$\\$\"\n"
                + "done\n"
                + psql + " -c 'GRANT CREATE, CONNECT ON DATABASE " + db.database() + " TO dotmac_owner' "
                + "-c 'GRANT CONNECT ON DATABASE " + db.database() + " TO dotmac_app, dotmac_system' "
                + "-c 'GRANT CREATE ON SCHEMA public TO dotmac_owner'\n"
                + "umask 077\n"
                + "cat > $ETC/org.ops4j.datasource-dotmac.cfg <<'EOF'\n"
                + "dataSourceName = dotmac\nosgi.jndi.service.name = dotmac\n"
                + "osgi.jdbc.driver.class = org.postgresql.Driver\nurl = " + jdbc + "\nuser = dotmac_app\n"
                + "password = " + rolePassword + "\npool = hikari\nxa = false\nhikari.poolName = dotmac\n"
                + "EOF\n"
                + "sed -i -e 's/^migrationUser.*/migrationUser = dotmac_owner/' "
                + "-e 's/^migrationPassword.*/migrationPassword = " + rolePassword + "/' "
                + "-e 's/^systemUser.*/systemUser = dotmac_system/' "
                + "-e 's/^systemPassword.*/systemPassword = " + rolePassword + "/' $ETC/io.dotmac.persistence.cfg\n"
                + "printf '%s\\n' '" + operatorPassword + "' > $ETC/admin.password\n"
                + "systemctl enable --now dotmac\n";
    }
}
