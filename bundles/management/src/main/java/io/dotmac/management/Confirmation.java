package io.dotmac.management;

/** The answer to a confirmed e-mail address: the deployment it let start, and where that now is. */
public record Confirmation(String deploymentId, String status) {
}
