package io.dotmac.management;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Where the CONFIGURE_TLS step gets the certificate of the ISP's name: AWS Certificate Manager (validated through
 * the region's {@link DnsProvider}), or {@code manual}. Chosen per region with the setting {@code tls}, naming the
 * service's {@value #PROVIDER_PROPERTY} property.
 *
 * @since 1.1
 */
@ConsumerType
public interface TlsProvider {

    /** The service property naming the TLS provider. */
    String PROVIDER_PROPERTY = "io.dotmac.management.tls";

    /**
     * Gets a certificate for {@code name} issued, writing the validation records its issuer asks for with
     * {@code dns} (null when the region has none), and waits until it is issued. Run again (after a crash), it finds
     * the certificate it asked for, through what it recorded in the context.
     *
     * @return the certificate's id (an ARN), recorded by the engine as the resource {@code certificate}
     */
    String issue(String name, DnsProvider dns, ProvisionContext context) throws StepFailedException;

    /**
     * Deletes the certificate and its validation records; gone already is not an error. {@code id} is null when
     * {@link #issue} failed before it answered: what it had asked for is then found through what it recorded.
     */
    void revoke(String id, DnsProvider dns, ProvisionContext context) throws StepFailedException;
}
