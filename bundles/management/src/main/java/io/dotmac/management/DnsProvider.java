package io.dotmac.management;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A DNS service the CONFIGURE_DNS step (and a certificate's DNS validation) writes records to: Route 53, DigitalOcean
 * DNS, or {@code manual} (the record to create is logged for a person). Chosen per region with the setting
 * {@code dns}, naming the service's {@value #PROVIDER_PROPERTY} property. Both operations may run again: an existing
 * record is replaced, a missing one is not an error.
 *
 * @since 1.1
 */
@ConsumerType
public interface DnsProvider {

    /** The service property naming the DNS provider. */
    String PROVIDER_PROPERTY = "io.dotmac.management.dns";

    /** Creates the record, or replaces the one of its name and type. */
    void upsert(DnsRecord record, ProvisionContext context) throws StepFailedException;

    /** Removes the record. */
    void remove(DnsRecord record, ProvisionContext context) throws StepFailedException;
}
