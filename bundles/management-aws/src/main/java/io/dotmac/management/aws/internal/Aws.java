package io.dotmac.management.aws.internal;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.route53.Route53Client;

/**
 * The AWS clients of one region's settings: {@code awsRegion}, {@code accessKeyId}/{@code secretAccessKey} (empty:
 * the SDK's default chain: environment, profile, instance role), {@code endpoint} (one URL for every service, for a
 * local fake or a VPC endpoint proxy; empty: AWS's own). The SDK's standard retries (with backoff, throttling
 * included) are on; its HTTP client is the JDK's URL connection (set here, so nothing is looked up by the SDK's
 * service loader, which does not see this bundle's classes).
 */
final class Aws implements AutoCloseable {

    private final SdkHttpClient http;
    final Ec2Client ec2;
    final RdsClient rds;
    final Route53Client route53;
    final AcmClient acm;

    Aws(Map<String, String> settings) {
        this.http = UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(10))
                .socketTimeout(Duration.ofSeconds(60)).build();
        Region region = Region.of(settings.getOrDefault("awsRegion", "us-east-1"));
        String key = settings.getOrDefault("accessKeyId", "");
        AwsCredentialsProvider credentials = key.isEmpty() ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(key,
                        settings.getOrDefault("secretAccessKey", "")));
        URI endpoint = settings.getOrDefault("endpoint", "").isEmpty() ? null : URI.create(settings.get("endpoint"));
        ClientOverrideConfiguration retries = ClientOverrideConfiguration.builder().retryStrategy(RetryMode.STANDARD)
                .apiCallTimeout(Duration.ofMinutes(2)).build();
        this.ec2 = configure(Ec2Client.builder(), region, credentials, endpoint, retries).httpClient(http).build();
        this.rds = configure(RdsClient.builder(), region, credentials, endpoint, retries).httpClient(http).build();
        this.acm = configure(AcmClient.builder(), region, credentials, endpoint, retries).httpClient(http).build();
        this.route53 = configure(Route53Client.builder(), Region.AWS_GLOBAL, credentials, endpoint, retries)
                .httpClient(http).build();
    }

    private static <B extends AwsClientBuilder<B, ?>> B configure(B builder, Region region,
            AwsCredentialsProvider credentials, URI endpoint, ClientOverrideConfiguration retries) {
        builder.region(region).credentialsProvider(credentials).overrideConfiguration(retries);
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder;
    }

    @Override
    public void close() {
        ec2.close();
        rds.close();
        route53.close();
        acm.close();
        http.close();
    }
}
