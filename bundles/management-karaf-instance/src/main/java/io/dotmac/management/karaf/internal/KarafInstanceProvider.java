package io.dotmac.management.karaf.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.karaf.instance.core.Instance;
import org.apache.karaf.instance.core.InstanceService;
import org.apache.karaf.instance.core.InstanceSettings;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jdbc.DataSourceFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dotmac.management.DeploymentStep;
import io.dotmac.management.InstanceProvider;
import io.dotmac.management.IspInstances;
import io.dotmac.management.IspRegistration;
import io.dotmac.management.ProvisionContext;
import io.dotmac.management.Region;
import io.dotmac.management.StepFailedException;

/**
 * The {@code karaf-instance} provider: the ISP gets a DotMac of its own, a Karaf child instance of this one made by
 * Karaf's {@code InstanceService} on this host. The child runs the same distribution (Karaf's home is shared: the
 * same {@code system/} repository, the same boot features and DotMac settings, copied from this instance's
 * {@code etc/}) with its own ports, its own {@code data/} and its own database: a new H2 file in its data folder, or
 * a new PostgreSQL database and roles on the region's server. Its first operator's password is generated here and
 * kept sealed; the ISP's tenant and first {@code isp_admin} are made through the child's REST API ({@link IspInstances},
 * as every dedicated provider does), and the welcome e-mail goes out from the platform as for the shared provider.
 *
 * <p>Steps: PROVISION makes the instance (ports picked from the region's range, never two children on one), DEPLOY
 * starts it and waits for its health to answer 200, CONFIGURE_DNS and CONFIGURE_TLS say what a reverse proxy in front
 * needs (the child listens on the region's {@code host}), INITIALIZE_TENANT makes the tenant, VALIDATE logs in as
 * the ISP's admin, WELCOME e-mails the contact. Compensating DEPLOY stops the child; compensating PROVISION destroys
 * it (its folder deleted) and drops its PostgreSQL database and roles.
 */
@Component(property = InstanceProvider.PROVIDER_PROPERTY + "=karaf-instance")
public class KarafInstanceProvider implements InstanceProvider {

    private static final Logger LOG = LoggerFactory.getLogger(KarafInstanceProvider.class);

    static final String INSTANCE = "instanceName";
    static final String PORTS = "ports";
    static final String OPERATOR_PASSWORD = "operatorPassword";
    static final String DATABASE = "database";
    static final String ETC_WRITTEN = "etcWritten";
    static final String DEFAULT_JAVA_OPTS = "-Xms128m -Xmx512m -XX:Tier4InvocationThreshold=25000 "
            + "-XX:Tier4MinInvocationThreshold=3000 -XX:Tier4CompileThreshold=75000 -XX:Tier4BackEdgeThreshold=200000 "
            + "-Djdk.util.zip.disableZip64ExtraFieldValidation=true -Djava.awt.headless=true";

    private final InstanceService instances;
    private final IspInstances isp;
    /** Ports are picked and the instance made under this lock: two jobs never get one port. */
    private final Object creating = new Object();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(" + DataSourceFactory.OSGI_JDBC_DRIVER_CLASS
                    + "=org.postgresql.Driver)")
    private volatile DataSourceFactory postgres;

    @Activate
    public KarafInstanceProvider(@Reference InstanceService instances, @Reference IspInstances isp) {
        this.instances = instances;
        this.isp = isp;
    }

    @Override
    public void run(DeploymentStep step, ProvisionContext context) throws StepFailedException {
        switch (step) {
        case PROVISION -> provision(context);
        case DEPLOY -> deploy(context);
        case CONFIGURE_DNS -> {
            // with a DNS provider for the region (setting dns), the engine points the ISP's name at the address
            if (!context.region().settings().containsKey("dns")) {
                context.log("no DNS provider for the region (setting dns): the instance is reached at "
                        + url(context) + "; a reverse proxy in front of it serves the ISP's name");
            }
        }
        case CONFIGURE_TLS -> {
            if (!context.region().settings().containsKey("tls")) {
                context.log("no TLS provider for the region (setting tls): the reverse proxy in front of "
                        + url(context) + " terminates TLS");
            }
        }
        case INITIALIZE_TENANT -> initialize(context);
        case VALIDATE -> isp.validate(context, url(context));
        case WELCOME -> isp.welcome(context, url(context) + "/portal/");
        }
    }

    // ---- PROVISION ------------------------------------------------------------------------------------------------

    private void provision(ProvisionContext context) throws StepFailedException {
        Settings settings = Settings.of(context.region());
        if (!isRoot()) {
            throw new StepFailedException("child instances are made by Karaf's root instance only: this one is '"
                    + System.getProperty("karaf.name") + "'", true);
        }
        String operatorPassword = context.secret(OPERATOR_PASSWORD);
        Path rootEtc = Path.of(System.getProperty("karaf.etc", "etc"));
        synchronized (creating) {
            String name = context.resource(INSTANCE).orElseGet(() -> {
                String n = nameFor(context.registration());
                context.record(INSTANCE, n);
                return n;
            });
            List<Integer> ports = context.resource(PORTS).map(KarafInstanceProvider::parsePorts).orElse(null);
            if (ports == null) {
                try {
                    ports = Ports.pick(settings.portFrom(), settings.portTo(), portsTaken(),
                            p -> Ports.bindable(settings.host(), p));
                } catch (IllegalStateException e) {
                    throw new StepFailedException("no ports for the instance: " + e.getMessage()
                            + "; widen the region's portRangeStart/portRangeEnd", false, e);
                }
                context.record(PORTS, ports.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElseThrow());
            }
            ChildEtc.Database db = database(context, name, rootEtc, settings);
            Instance made = instances.getInstance(name);
            if (made != null && context.resource(ETC_WRITTEN).isPresent()) {
                context.log("instance " + name + " exists (made by an earlier attempt)");
                return;
            }
            Path staging = Path.of(System.getProperty("karaf.data", "data"), "management", "karaf-instance", name);
            try {
                Map<String, java.net.URL> etc = ChildEtc.resources(rootEtc, staging,
                        new ChildEtc.Settings(settings.host(), ports.get(0), db, operatorPassword));
                if (made == null) {
                    made = instances.createInstance(name, new InstanceSettings(ports.get(1), ports.get(2),
                            ports.get(3), null, settings.javaOpts(), null, null, settings.host(),
                            ChildEtc.forKaraf(etc), Map.of(), List.of()), false);
                }
                // before its first start: an instance made but not completed by a crashed attempt gets them now
                ChildEtc.copyRest(etc, Path.of(made.getLocation()));
                context.record(ETC_WRITTEN, "true");
                context.log("instance " + name + " made (HTTP " + ports.get(0) + ", SSH " + ports.get(1) + ", RMI "
                        + ports.get(2) + "/" + ports.get(3) + ", " + (db == ChildEtc.Database.H2 ? "H2"
                                : "PostgreSQL database " + ChildDatabase.Names.of(name).database()) + ")");
            } catch (Exception e) {
                LOG.warn("Instance {} could not be made", name, e);
                throw new StepFailedException("the instance could not be made: " + e, false, e);
            } finally {
                deleteTree(staging);
            }
        }
    }

    /** {@code isp-<slug>}, or with a number when a child of that name exists already. */
    private String nameFor(IspRegistration registration) {
        String base = "isp-" + registration.suggestedSlug();
        String name = base;
        for (int i = 2; instances.getInstance(name) != null; i++) {
            name = base + "-" + i;
        }
        return name;
    }

    /** Ports every child has (stopped ones listen on none, so their files are read). */
    private Set<Integer> portsTaken() {
        Set<Integer> taken = new HashSet<>();
        for (Instance i : instances.getInstances()) {
            if (i.isRoot()) {
                continue; // this instance: its ports are bound (and it may have no JMX settings to read)
            }
            try {
                taken.add(i.getSshPort());
                taken.add(i.getRmiRegistryPort());
                taken.add(i.getRmiServerPort());
            } catch (RuntimeException e) {
                LOG.debug("Could not read the ports of instance {}: {}", i.getName(), e.toString());
            }
            Path web = Path.of(i.getLocation(), "etc", ChildEtc.WEB);
            if (Files.isRegularFile(web)) {
                Properties p = new Properties();
                try (var in = Files.newInputStream(web)) {
                    p.load(in);
                    taken.add(Integer.parseInt(p.getProperty("org.osgi.service.http.port", "0").strip()));
                } catch (IOException | NumberFormatException e) {
                    LOG.debug("Could not read {}: {}", web, e.toString());
                }
            }
        }
        return taken;
    }

    /** The child's database: H2 in its data folder, or a PostgreSQL database (made here) on the region's server. */
    private ChildEtc.Database database(ProvisionContext context, String name, Path rootEtc, Settings settings)
            throws StepFailedException {
        String kind = settings.database().isEmpty() ? controlPlaneDatabase(rootEtc) : settings.database();
        if (kind.equals("h2")) {
            context.record(DATABASE, "h2");
            return ChildEtc.Database.H2;
        }
        if (!kind.equals("postgresql")) {
            throw new StepFailedException("region " + context.region().name() + ": database must be h2 or postgresql, "
                    + "not '" + kind + "'", true);
        }
        if (settings.postgresUser().isEmpty()) {
            throw new StepFailedException("region " + context.region().name() + ": the instance's PostgreSQL database "
                    + "needs an account that may create databases and roles (setting postgresUser, with "
                    + "postgresPassword), or set database = h2", true);
        }
        ChildDatabase pg = childDatabase(rootEtc, settings);
        ChildDatabase.Names n = ChildDatabase.Names.of(name);
        // kept: an attempt again sets the same ones (ALTER ROLE) and writes them to the child's files
        String owner = context.secret("pgOwnerPassword");
        String app = context.secret("pgAppPassword");
        String system = context.secret("pgSystemPassword");
        try {
            pg.create(n, owner, app, system);
        } catch (SQLException e) {
            throw new StepFailedException("the PostgreSQL database could not be made: " + e.getMessage(), false, e);
        }
        context.record(DATABASE, "postgresql");
        context.log("PostgreSQL database " + n.database() + " with its roles made");
        return new ChildEtc.Database("org.postgresql.Driver", pg.urlOf(n.database()), n.app(), app, n.owner(), owner,
                n.system(), system);
    }

    private ChildDatabase childDatabase(Path rootEtc, Settings settings) throws StepFailedException {
        DataSourceFactory factory = postgres;
        if (factory == null) {
            throw new StepFailedException("the PostgreSQL driver is not installed here", false);
        }
        String url = settings.postgresUrl().isEmpty() ? datasource(rootEtc).getProperty("url", "")
                : settings.postgresUrl();
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new StepFailedException("no PostgreSQL server for the instance's database (setting postgresUrl)",
                    true);
        }
        try {
            return new ChildDatabase(factory.createDriver(null), url, settings.postgresUser(),
                    settings.postgresPassword());
        } catch (SQLException e) {
            throw new StepFailedException("the PostgreSQL driver failed: " + e.getMessage(), false, e);
        }
    }

    /** {@code postgresql} when this instance's own database is, else {@code h2}. */
    private static String controlPlaneDatabase(Path rootEtc) {
        return datasource(rootEtc).getProperty("osgi.jdbc.driver.class", "").contains("postgresql") ? "postgresql"
                : "h2";
    }

    private static Properties datasource(Path rootEtc) {
        Properties p = new Properties();
        try (var in = Files.newInputStream(rootEtc.resolve(ChildEtc.DATASOURCE))) {
            p.load(in);
        } catch (IOException e) {
            LOG.debug("No data source settings: {}", e.toString());
        }
        return p;
    }

    // ---- DEPLOY ---------------------------------------------------------------------------------------------------

    private void deploy(ProvisionContext context) throws StepFailedException {
        Instance instance = instance(context);
        Settings settings = Settings.of(context.region());
        try {
            if (Instance.STOPPED.equals(instance.getState())) {
                instance.start(null);
                context.log("instance " + instance.getName() + " started (pid " + instance.getPid() + ")");
            }
        } catch (Exception e) {
            throw new StepFailedException("the instance could not be started: " + e.getMessage(), false, e);
        }
        Duration waited = isp.awaitHealthy(context, url(context), Duration.ofSeconds(settings.startTimeoutSeconds()),
                () -> {
                    try {
                        return !Instance.STOPPED.equals(instance.getState());
                    } catch (Exception e) {
                        return true;
                    }
                });
        context.log("instance " + instance.getName() + " answers at " + url(context) + " (health 200 after "
                + waited.toMillis() + " ms)");
        context.record(ProvisionContext.ADDRESS, settings.host());
    }

    // ---- INITIALIZE_TENANT, VALIDATE, WELCOME ---------------------------------------------------------------------

    private void initialize(ProvisionContext context) throws StepFailedException {
        String password = context.keptSecret(OPERATOR_PASSWORD).orElseThrow(
                () -> new StepFailedException("the instance's operator password is gone", true));
        isp.initializeTenant(context, url(context), password);
    }

    // ---- compensation ---------------------------------------------------------------------------------------------

    @Override
    public void compensate(DeploymentStep step, ProvisionContext context) throws StepFailedException {
        switch (step) {
        case DEPLOY -> {
            Instance i = context.resource(INSTANCE).map(instances::getInstance).orElse(null);
            if (i != null) {
                stop(i, context);
            }
        }
        case PROVISION -> {
            Optional<String> name = context.resource(INSTANCE);
            Instance i = name.map(instances::getInstance).orElse(null);
            if (i != null) {
                stop(i, context);
                try {
                    i.destroy();
                } catch (Exception e) {
                    throw new StepFailedException("instance " + i.getName() + " could not be destroyed: "
                            + e.getMessage(), false, e);
                }
                context.log("instance " + i.getName() + " destroyed (its folder deleted)");
            }
            if (name.isPresent() && "postgresql".equals(context.resource(DATABASE).orElse(""))) {
                ChildDatabase.Names n = ChildDatabase.Names.of(name.get());
                try {
                    childDatabase(Path.of(System.getProperty("karaf.etc", "etc")), Settings.of(context.region()))
                            .drop(n);
                } catch (SQLException e) {
                    throw new StepFailedException("database " + n.database() + " could not be dropped: "
                            + e.getMessage(), false, e);
                }
                context.log("PostgreSQL database " + n.database() + " and its roles dropped");
            }
            for (String secret : List.of(OPERATOR_PASSWORD, "pgOwnerPassword", "pgAppPassword", "pgSystemPassword")) {
                context.record(secret, null);
            }
        }
        case INITIALIZE_TENANT -> isp.forget(context); // the tenant goes with the instance
        default -> {
            // nothing made
        }
        }
    }

    private static void stop(Instance i, ProvisionContext context) throws StepFailedException {
        try {
            if (Instance.STOPPED.equals(i.getState())) {
                return;
            }
            i.stop(); // asks it to shut down, then ends its process
            for (int n = 0; n < 120 && !Instance.STOPPED.equals(i.getState()); n++) {
                Thread.sleep(500);
            }
            if (!Instance.STOPPED.equals(i.getState())) {
                throw new StepFailedException("instance " + i.getName() + " did not stop", false);
            }
            context.log("instance " + i.getName() + " stopped");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailedException("interrupted", false, e);
        } catch (StepFailedException e) {
            throw e;
        } catch (Exception e) {
            throw new StepFailedException("instance " + i.getName() + " could not be stopped: " + e.getMessage(),
                    false, e);
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private Instance instance(ProvisionContext context) throws StepFailedException {
        String name = context.resource(INSTANCE).orElseThrow(() -> new StepFailedException("no instance was made",
                true));
        Instance i = instances.getInstance(name);
        if (i == null) {
            throw new StepFailedException("instance " + name + " is gone", true);
        }
        return i;
    }

    /** {@code http://<host>:<port>} of the child. */
    private static String url(ProvisionContext context) throws StepFailedException {
        return "http://" + Settings.of(context.region()).host() + ":" + ports(context).get(0);
    }

    private static List<Integer> ports(ProvisionContext context) throws StepFailedException {
        return parsePorts(context.resource(PORTS).orElseThrow(() -> new StepFailedException("no ports were picked",
                true)));
    }

    private static List<Integer> parsePorts(String recorded) {
        List<Integer> out = new ArrayList<>();
        for (String p : recorded.split(",")) {
            out.add(Integer.parseInt(p.strip()));
        }
        return out;
    }

    private boolean isRoot() {
        String self = System.getProperty("karaf.name", "root");
        return Arrays.stream(instances.getInstances()).anyMatch(i -> i.isRoot() && i.getName().equals(self));
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", dir, e.toString());
        }
    }

    /** The region's settings for this provider, with their defaults. */
    record Settings(String host, int portFrom, int portTo, String javaOpts, int startTimeoutSeconds, String database,
            String postgresUrl, String postgresUser, String postgresPassword) {

        static Settings of(Region region) {
            Map<String, String> s = region.settings();
            return new Settings(s.getOrDefault("host", "127.0.0.1").strip(),
                    number(s, "portRangeStart", 8200), number(s, "portRangeEnd", 8999),
                    s.getOrDefault("javaOpts", "").isBlank() ? DEFAULT_JAVA_OPTS : s.get("javaOpts").strip(),
                    number(s, "startTimeoutSeconds", 180), s.getOrDefault("database", "").strip().toLowerCase(
                            java.util.Locale.ROOT), s.getOrDefault("postgresUrl", "").strip(),
                    s.getOrDefault("postgresUser", "").strip(), s.getOrDefault("postgresPassword", ""));
        }

        private static int number(Map<String, String> s, String key, int fallback) {
            String v = s.getOrDefault(key, "").strip();
            try {
                return v.isEmpty() ? fallback : Integer.parseInt(v);
            } catch (NumberFormatException e) {
                return fallback;
            }
        }

        @Override
        public String toString() {
            return "Settings[" + host + " " + portFrom + "-" + portTo + ", " + database + "]";
        }
    }
}
