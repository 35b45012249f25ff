package io.dotmac.management.aws.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.ChangeStatus;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

import io.dotmac.management.DnsProvider;
import io.dotmac.management.DnsRecord;
import io.dotmac.management.ProvisionContext;
import io.dotmac.management.StepFailedException;

/**
 * DNS {@code route53}: records in the region's hosted zone (setting {@code hostedZoneId}), written with UPSERT and
 * waited for until Route 53 says the change is in sync; a record already gone is not an error when removed.
 */
@Component(property = DnsProvider.PROVIDER_PROPERTY + "=route53")
public class Route53Dns implements DnsProvider {

    private final AwsClients clients = new AwsClients();

    @Deactivate
    void deactivate() {
        clients.close();
    }

    @Override
    public void upsert(DnsRecord record, ProvisionContext context) throws StepFailedException {
        change(ChangeAction.UPSERT, record, context);
    }

    @Override
    public void remove(DnsRecord record, ProvisionContext context) throws StepFailedException {
        try {
            change(ChangeAction.DELETE, record, context);
        } catch (StepFailedException e) {
            if (e.getCause() instanceof SdkException s && AwsClients.code(s).equals("InvalidChangeBatch")) {
                context.log("Route 53: " + record.name() + " " + record.type() + " was gone already");
                return;
            }
            throw e;
        }
    }

    private void change(ChangeAction action, DnsRecord record, ProvisionContext context) throws StepFailedException {
        String zone = context.region().settings().getOrDefault("hostedZoneId", "");
        if (zone.isEmpty()) {
            throw new StepFailedException("region " + context.region().name() + " has dns = route53 but no "
                    + "hostedZoneId", true);
        }
        Aws aws = clients.of(context.region());
        try {
            ChangeResourceRecordSetsResponse r = aws.route53.changeResourceRecordSets(b -> b.hostedZoneId(zone)
                    .changeBatch(c -> c.comment("DotMac deployment " + context.deploymentId()).changes(Change.builder()
                            .action(action).resourceRecordSet(ResourceRecordSet.builder().name(record.name())
                                    .type(record.type()).ttl((long) record.ttl())
                                    .resourceRecords(ResourceRecord.builder().value(record.value()).build()).build())
                            .build())));
            String id = r.changeInfo().id();
            long pause = Long.parseLong(context.region().settings().getOrDefault("pollMillis", "5000"));
            for (int i = 0; r.changeInfo().status() != ChangeStatus.INSYNC && i < 120; i++) {
                AwsClients.pause(pause);
                if (aws.route53.getChange(b -> b.id(id)).changeInfo().status() == ChangeStatus.INSYNC) {
                    break;
                }
            }
            context.log("Route 53 " + action + " " + record.format() + " in zone " + zone + " (change " + id + ")");
        } catch (SdkException e) {
            throw AwsClients.failure("Route 53 " + action + " of " + record.name() + " failed", e);
        }
    }
}
