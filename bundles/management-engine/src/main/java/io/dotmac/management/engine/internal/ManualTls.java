package io.dotmac.management.engine.internal;

import org.osgi.service.component.annotations.Component;

import io.dotmac.management.DnsProvider;
import io.dotmac.management.ProvisionContext;
import io.dotmac.management.TlsProvider;

/** TLS {@code manual}: the certificate to obtain (and install in front of the instance) is written to the log. */
@Component(property = TlsProvider.PROVIDER_PROPERTY + "=manual")
public class ManualTls implements TlsProvider {

    @Override
    public String issue(String name, DnsProvider dns, ProvisionContext context) {
        context.log("manual: obtain a certificate for " + name + " and install it where the instance's traffic "
                + "arrives (its reverse proxy or load balancer)");
        return "manual:" + name;
    }

    @Override
    public void revoke(String id, DnsProvider dns, ProvisionContext context) {
        if (id != null) {
            context.log("manual: the certificate " + id.substring(id.indexOf(':') + 1) + " is no longer needed");
        }
    }
}
