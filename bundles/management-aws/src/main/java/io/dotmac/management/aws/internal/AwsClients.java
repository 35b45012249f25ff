package io.dotmac.management.aws.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

import io.dotmac.management.Region;
import io.dotmac.management.StepFailedException;

/** The AWS clients of each region's settings, made once and kept until the component stops. */
final class AwsClients implements AutoCloseable {

    private final Map<Map<String, String>, Aws> clients = new ConcurrentHashMap<>();

    Aws of(Region region) {
        return clients.computeIfAbsent(region.settings(), Aws::new);
    }

    @Override
    public void close() {
        clients.values().forEach(Aws::close);
        clients.clear();
    }

    /**
     * What an AWS failure means for the step: a refusal of the request (4xx, not throttling) fails for good; throttling
     * past the SDK's own retries, AWS's errors (5xx) and the network fail for now.
     */
    static StepFailedException failure(String what, SdkException e) {
        if (e instanceof AwsServiceException a) {
            boolean now = a.isThrottlingException() || a.statusCode() >= 500 || a.statusCode() == 0;
            String code = a.awsErrorDetails() == null ? String.valueOf(a.statusCode())
                    : a.awsErrorDetails().errorCode() + ": " + a.awsErrorDetails().errorMessage();
            return new StepFailedException(what + " (" + code + ")", !now, e);
        }
        return new StepFailedException(what + " (" + e.getMessage() + ")", false, e);
    }

    /** The AWS error code of {@code e}, or "". */
    static String code(SdkException e) {
        return e instanceof AwsServiceException a && a.awsErrorDetails() != null
                && a.awsErrorDetails().errorCode() != null ? a.awsErrorDetails().errorCode() : "";
    }

    /** Sleeps {@code millis}, as a failure for now when interrupted. */
    static void pause(long millis) throws StepFailedException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailedException("interrupted", false, e);
        }
    }
}
