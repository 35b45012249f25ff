package io.dotmac.persistence.platform;

/** Names other bundles bind to. */
public final class Persistence {

    /** {@code osgi.jndi.service.name} of the application's pooled {@code DataSource} (pax-jdbc-config). */
    public static final String DATASOURCE_NAME = "dotmac";

    /** Service filter selecting the application's {@code DataSource}. */
    public static final String DATASOURCE_FILTER = "(osgi.jndi.service.name=" + DATASOURCE_NAME + ")";

    /**
     * {@code osgi.jndi.service.name} of the same data source, registered only while the schema is migrated: bind
     * to this one to use the tables.
     */
    public static final String MIGRATED_DATASOURCE_NAME = "dotmac.migrated";

    /** Service filter selecting the migrated data source. */
    public static final String MIGRATED_DATASOURCE_FILTER = "(osgi.jndi.service.name=" + MIGRATED_DATASOURCE_NAME + ")";

    private Persistence() {
    }
}
