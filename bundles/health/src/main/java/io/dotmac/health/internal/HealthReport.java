package io.dotmac.health.internal;

/**
 * The body of {@code GET /api/v1/health}.
 *
 * @param status   {@code UP} when everything the instance needs works, {@code DOWN} otherwise
 * @param version  the DotMac version
 * @param database the database's status and product
 * @param plugins  how many plugin bundles (bundles declaring the {@code io.dotmac.plugin} capability) are installed
 * @param api      whether the API has finished starting (see {@link ApiStartup})
 * @param node     the node answering (several nodes on one database: {@code dotmac:cluster-list}); omitted until
 *                 its database is reached
 */
public record HealthReport(String status, String version, Database database, int plugins, Api api, Node node) {

    /** A node of the deployment: its id (kept under {@code data/}) and name. */
    public record Node(String id, String name) {
    }

    public static final String UP = "UP";
    public static final String DOWN = "DOWN";

    /** The database part of the report; {@code product} is omitted until the database was reached once. */
    public record Database(String status, String product) {
    }

    /**
     * The API part: {@code UP} once every endpoint has come up, {@code STARTING} before, with what it waits for
     * ({@code waitingFor} omitted once up).
     */
    public record Api(String status, java.util.List<String> waitingFor) {
        public static final String STARTING = "STARTING";
    }

    public boolean up() {
        return UP.equals(status);
    }
}
