package io.dotmac.management.aws.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.rds.model.DBInstance;

import io.dotmac.management.DeploymentStep;
import io.dotmac.management.FirstBoot;
import io.dotmac.management.InstanceProvider;
import io.dotmac.management.IspInstances;
import io.dotmac.management.ProvisionContext;
import io.dotmac.management.StepFailedException;

/**
 * The {@code aws} provider: the ISP's DotMac on an EC2 instance started from the region's launch template (its AMI
 * has the DotMac distribution installed), with an RDS PostgreSQL database of its own, both sized from the tier's row
 * of the sizing table ({@code aws.instanceType}, {@code aws.dbInstanceClass}, {@code aws.storageGb}); the ISP's name
 * and certificate come from the region's DNS and TLS providers ({@code route53}, {@code acm}).
 *
 * <p>PROVISION makes the database (master password generated, kept sealed), waits until it is available, then runs
 * the instance with a client token of the deployment (asking again after a crash finds the same instance) and user
 * data that writes the instance's database settings, its roles' passwords and its first operator's password before
 * DotMac's first start. DEPLOY waits for the instance to run, records its address, and waits for its health at
 * {@code instanceUrl} ({@code http://{address}:8181}). INITIALIZE_TENANT, VALIDATE and WELCOME go through the
 * instance's REST API ({@link IspInstances}). Compensating PROVISION terminates the instance and deletes the database
 * (no final snapshot); gone already is not an error.
 */
@Component(property = InstanceProvider.PROVIDER_PROPERTY + "=aws")
public class AwsProvider implements InstanceProvider {

    static final String DB = "rdsInstance";
    static final String DB_PASSWORD = "rdsPassword";
    static final String ROLE_PASSWORD = "rolePassword";
    static final String OPERATOR_PASSWORD = "operatorPassword";
    static final String INSTANCE = "ec2Instance";

    private final AwsClients clients = new AwsClients();
    private final IspInstances isp;

    @Activate
    public AwsProvider(@Reference IspInstances isp) {
        this.isp = isp;
    }

    @Deactivate
    void deactivate() {
        clients.close();
    }

    @Override
    public void run(DeploymentStep step, ProvisionContext context) throws StepFailedException {
        switch (step) {
        case PROVISION -> provision(context);
        case DEPLOY -> deploy(context);
        case INITIALIZE_TENANT -> isp.initializeTenant(context, url(context), context.keptSecret(OPERATOR_PASSWORD)
                .orElseThrow(() -> new StepFailedException("the operator password is gone", true)));
        case VALIDATE -> isp.validate(context, url(context));
        case WELCOME -> isp.welcome(context, isp.portalUrl(context, url(context)));
        default -> {
            // CONFIGURE_DNS and CONFIGURE_TLS: the region's DNS and TLS providers (settings dns, tls)
        }
        }
    }

    private void provision(ProvisionContext context) throws StepFailedException {
        Map<String, String> s = context.region().settings();
        String template = s.getOrDefault("launchTemplate", "");
        if (template.isEmpty()) {
            throw new StepFailedException("region " + context.region().name() + " has no launchTemplate", true);
        }
        Aws aws = clients.of(context.region());
        String slug = context.registration().suggestedSlug();
        String dbId = context.resource(DB).orElseGet(() -> {
            String id = ("dotmac-" + slug).replaceAll("-{2,}", "-");
            id = id.length() > 63 ? id.substring(0, 63) : id;
            context.record(DB, id.replaceAll("-$", ""));
            return context.resource(DB).orElseThrow();
        });
        String dbPassword = context.secret(DB_PASSWORD);
        String operatorPassword = context.secret(OPERATOR_PASSWORD);
        Map<String, String> size = context.sizing();
        try {
            Optional<DBInstance> db = database(aws, dbId);
            if (db.isEmpty()) {
                aws.rds.createDBInstance(b -> b.dbInstanceIdentifier(dbId).engine("postgres")
                        .dbInstanceClass(size.getOrDefault("aws.dbInstanceClass", "db.t4g.micro"))
                        .allocatedStorage(Integer.parseInt(size.getOrDefault("aws.storageGb", "20")))
                        .masterUsername("dotmac").masterUserPassword(dbPassword).dbName("dotmac")
                        .storageEncrypted(true).publiclyAccessible(false)
                        .tags(software.amazon.awssdk.services.rds.model.Tag.builder().key("dotmac:deployment")
                                .value(context.deploymentId()).build()));
                context.log("RDS PostgreSQL " + dbId + " requested (" + size.get("aws.dbInstanceClass") + ", "
                        + size.get("aws.storageGb") + " GB)");
            }
            DBInstance ready = awaitDatabase(aws, dbId, context);
            if (context.resource(INSTANCE).isEmpty()) {
                String script = FirstBoot.script(new FirstBoot.Database(ready.endpoint().address(),
                        ready.endpoint().port(), "dotmac", "dotmac", dbPassword, "require"),
                        context.secret(ROLE_PASSWORD), operatorPassword);
                String userData = Base64.getEncoder().encodeToString(script.getBytes(StandardCharsets.UTF_8));
                String instanceId = aws.ec2.runInstances(b -> b.launchTemplate(t -> t.launchTemplateName(template))
                        .instanceType(size.getOrDefault("aws.instanceType", "t3.micro")).minCount(1).maxCount(1)
                        .clientToken(context.deploymentId()).userData(userData)
                        .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE).tags(
                                Tag.builder().key("Name").value("dotmac-" + slug).build(),
                                Tag.builder().key("dotmac:deployment").value(context.deploymentId()).build())
                                .build()))
                        .instances().get(0).instanceId();
                context.record(INSTANCE, instanceId);
                context.log("EC2 instance " + instanceId + " started from launch template " + template + " ("
                        + size.get("aws.instanceType") + ")");
            }
        } catch (SdkException e) {
            throw AwsClients.failure("AWS refused the instance's resources", e);
        }
    }

    private static Optional<DBInstance> database(Aws aws, String id) {
        try {
            return aws.rds.describeDBInstances(b -> b.dbInstanceIdentifier(id)).dbInstances().stream().findFirst();
        } catch (SdkException e) {
            if (AwsClients.code(e).equals("DBInstanceNotFound")) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static DBInstance awaitDatabase(Aws aws, String id, ProvisionContext context) throws StepFailedException {
        Map<String, String> s = context.region().settings();
        long pause = Long.parseLong(s.getOrDefault("pollMillis", "15000"));
        long deadline = System.currentTimeMillis() + Long.parseLong(s.getOrDefault("databaseTimeoutSeconds", "2400"))
                * 1000;
        while (true) {
            DBInstance db = database(aws, id).orElseThrow(() -> new StepFailedException("RDS " + id + " is gone",
                    false));
            String status = db.dbInstanceStatus();
            if ("available".equals(status)) {
                return db;
            }
            if (status != null && (status.equals("failed") || status.startsWith("incompatible")
                    || status.equals("storage-full") || status.equals("deleting"))) {
                throw new StepFailedException("RDS " + id + " is " + status, true);
            }
            if (System.currentTimeMillis() > deadline) {
                throw new StepFailedException("RDS " + id + " not available in time (" + status + ")", false);
            }
            AwsClients.pause(pause);
        }
    }

    private void deploy(ProvisionContext context) throws StepFailedException {
        Aws aws = clients.of(context.region());
        String id = context.resource(INSTANCE).orElseThrow(() -> new StepFailedException("no instance was started",
                true));
        Map<String, String> s = context.region().settings();
        long pause = Long.parseLong(s.getOrDefault("pollMillis", "15000"));
        long deadline = System.currentTimeMillis() + Long.parseLong(s.getOrDefault("startTimeoutSeconds", "900"))
                * 1000;
        try {
            while (true) {
                Instance i = instance(aws, id);
                InstanceStateName state = i.state().name();
                if (state == InstanceStateName.RUNNING) {
                    String address = i.publicIpAddress() != null ? i.publicIpAddress() : i.privateIpAddress();
                    context.record(ProvisionContext.ADDRESS, address);
                    context.log("EC2 instance " + id + " runs at " + address);
                    break;
                }
                if (state == InstanceStateName.TERMINATED || state == InstanceStateName.SHUTTING_DOWN
                        || state == InstanceStateName.STOPPED) {
                    throw new StepFailedException("EC2 instance " + id + " is " + state, true);
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new StepFailedException("EC2 instance " + id + " not running in time (" + state + ")",
                            false);
                }
                AwsClients.pause(pause);
            }
            Duration waited = isp.awaitHealthy(context, url(context), Duration.ofMillis(Math.max(1000,
                    deadline - System.currentTimeMillis())), () -> {
                        try {
                            return instance(aws, id).state().name() == InstanceStateName.RUNNING;
                        } catch (SdkException e) {
                            return true;
                        }
                    });
            context.log("DotMac answers at " + url(context) + " (health 200 after " + waited.toMillis() + " ms)");
        } catch (SdkException e) {
            throw AwsClients.failure("EC2 instance " + id, e);
        }
    }

    private static Instance instance(Aws aws, String id) {
        return aws.ec2.describeInstances(b -> b.instanceIds(id)).reservations().get(0).instances().get(0);
    }

    @Override
    public void compensate(DeploymentStep step, ProvisionContext context) throws StepFailedException {
        if (step == DeploymentStep.INITIALIZE_TENANT) {
            isp.forget(context);
            return;
        }
        if (step != DeploymentStep.PROVISION) {
            return;
        }
        Aws aws = clients.of(context.region());
        Optional<String> instance = context.resource(INSTANCE);
        if (instance.isPresent()) {
            try {
                aws.ec2.terminateInstances(b -> b.instanceIds(instance.get()));
                context.log("EC2 instance " + instance.get() + " terminated");
            } catch (SdkException e) {
                if (!AwsClients.code(e).startsWith("InvalidInstanceID")) {
                    throw AwsClients.failure("EC2 instance " + instance.get() + " could not be terminated", e);
                }
            }
            context.record(INSTANCE, null);
        }
        Optional<String> db = context.resource(DB);
        if (db.isPresent()) {
            try {
                aws.rds.deleteDBInstance(b -> b.dbInstanceIdentifier(db.get()).skipFinalSnapshot(true)
                        .deleteAutomatedBackups(true));
                context.log("RDS " + db.get() + " deleted");
            } catch (SdkException e) {
                String code = AwsClients.code(e);
                if (!code.equals("DBInstanceNotFound") && !code.equals("InvalidDBInstanceState")) {
                    throw AwsClients.failure("RDS " + db.get() + " could not be deleted", e);
                }
                context.log("RDS " + db.get() + " was gone (or going) already");
            }
            context.record(DB, null);
        }
        context.record(DB_PASSWORD, null);
        context.record(ROLE_PASSWORD, null);
        context.record(OPERATOR_PASSWORD, null);
    }

    /** Where the instance's DotMac answers ({@code instanceUrl}, default {@code http://{address}:8181}). */
    private String url(ProvisionContext context) throws StepFailedException {
        return isp.instanceUrl(context, "http://{address}:8181");
    }
}
