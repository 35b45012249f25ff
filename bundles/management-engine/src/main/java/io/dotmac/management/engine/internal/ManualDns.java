package io.dotmac.management.engine.internal;

import org.osgi.service.component.annotations.Component;

import io.dotmac.management.DnsProvider;
import io.dotmac.management.DnsRecord;
import io.dotmac.management.ProvisionContext;

/** DNS {@code manual}: the record to create (or remove) is written to the step's log, for a person to do it. */
@Component(property = DnsProvider.PROVIDER_PROPERTY + "=manual")
public class ManualDns implements DnsProvider {

    @Override
    public void upsert(DnsRecord record, ProvisionContext context) {
        context.log("manual: create the DNS record " + record.name() + ". " + record.ttl() + " IN " + record.type() + " "
                + record.value());
    }

    @Override
    public void remove(DnsRecord record, ProvisionContext context) {
        context.log("manual: remove the DNS record " + record.name() + ". " + record.type() + " " + record.value());
    }
}
