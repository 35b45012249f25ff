package io.dotmac.management.aws.internal;

import java.util.Optional;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.acm.model.CertificateDetail;
import software.amazon.awssdk.services.acm.model.CertificateStatus;
import software.amazon.awssdk.services.acm.model.DomainValidation;
import software.amazon.awssdk.services.acm.model.ValidationMethod;

import io.dotmac.management.DnsProvider;
import io.dotmac.management.DnsRecord;
import io.dotmac.management.ProvisionContext;
import io.dotmac.management.StepFailedException;
import io.dotmac.management.TlsProvider;

/**
 * TLS {@code acm}: a public certificate from AWS Certificate Manager for the ISP's name, validated by DNS: the
 * validation record ACM asks for is written with the region's DNS provider, then the certificate is waited for until
 * it is ISSUED (setting {@code tlsTimeoutSeconds}, 1800). The request carries an idempotency token of the deployment,
 * so asking again after a crash finds the same certificate. Revoked: the certificate deleted, the record removed.
 */
@Component(property = TlsProvider.PROVIDER_PROPERTY + "=acm")
public class AcmTls implements TlsProvider {

    static final String CERTIFICATE = "acmCertificate";
    static final String VALIDATION = "acmValidation";

    private final AwsClients clients = new AwsClients();

    @Deactivate
    void deactivate() {
        clients.close();
    }

    @Override
    public String issue(String name, DnsProvider dns, ProvisionContext context) throws StepFailedException {
        Aws aws = clients.of(context.region());
        long pause = Long.parseLong(context.region().settings().getOrDefault("pollMillis", "5000"));
        long timeout = Long.parseLong(context.region().settings().getOrDefault("tlsTimeoutSeconds", "1800")) * 1000;
        try {
            String arn = context.resource(CERTIFICATE).orElse(null);
            if (arn == null) {
                String token = context.deploymentId().replaceAll("[^A-Za-z0-9]", "");
                arn = aws.acm.requestCertificate(b -> b.domainName(name).validationMethod(ValidationMethod.DNS)
                        .idempotencyToken(token.substring(0, Math.min(32, token.length())))).certificateArn();
                context.record(CERTIFICATE, arn);
                context.log("ACM certificate requested for " + name + ": " + arn);
            }
            String certificate = arn;
            long deadline = System.currentTimeMillis() + timeout;
            while (true) {
                CertificateDetail d = aws.acm.describeCertificate(b -> b.certificateArn(certificate)).certificate();
                if (context.resource(VALIDATION).isEmpty()) {
                    Optional<DnsRecord> record = d.domainValidationOptions().stream()
                            .map(DomainValidation::resourceRecord).filter(r -> r != null)
                            .map(r -> new DnsRecord(r.name().replaceAll("\\.$", ""), r.typeAsString(), r.value(), 300))
                            .findFirst();
                    if (record.isPresent()) {
                        context.record(VALIDATION, record.get().format());
                        if (dns == null) {
                            context.log("manual: create the validation record " + record.get().format());
                        } else {
                            dns.upsert(record.get(), context);
                        }
                    }
                }
                if (d.status() == CertificateStatus.ISSUED) {
                    return certificate;
                }
                if (d.status() == CertificateStatus.FAILED || d.status() == CertificateStatus.VALIDATION_TIMED_OUT
                        || d.status() == CertificateStatus.REVOKED) {
                    throw new StepFailedException("ACM certificate " + certificate + " is " + d.statusAsString()
                            + (d.failureReason() == null ? "" : " (" + d.failureReasonAsString() + ")"), true);
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new StepFailedException("ACM certificate " + certificate + " not issued within "
                            + timeout / 1000 + " s (" + d.statusAsString() + ")", false);
                }
                AwsClients.pause(pause);
            }
        } catch (SdkException e) {
            throw AwsClients.failure("ACM certificate for " + name, e);
        }
    }

    @Override
    public void revoke(String id, DnsProvider dns, ProvisionContext context) throws StepFailedException {
        // null: the step failed before the certificate was issued; what it requested is in the context
        String arn = id != null ? id : context.resource(CERTIFICATE).orElse(null);
        if (arn != null) {
            try {
                clients.of(context.region()).acm.deleteCertificate(b -> b.certificateArn(arn));
                context.log("ACM certificate " + arn + " deleted");
            } catch (SdkException e) {
                if (!AwsClients.code(e).equals("ResourceNotFoundException")) {
                    throw AwsClients.failure("ACM certificate " + arn + " could not be deleted", e);
                }
            }
        }
        Optional<String> validation = context.resource(VALIDATION);
        if (validation.isPresent() && dns != null) {
            dns.remove(DnsRecord.parse(validation.get()), context);
        }
        context.record(VALIDATION, null);
        context.record(CERTIFICATE, null);
    }
}
