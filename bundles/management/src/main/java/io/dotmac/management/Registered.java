package io.dotmac.management;

import java.time.Instant;
import java.util.List;

/** The answer to a registration: the ISP, its deployment job, when it should be ready and what happens next. */
public record Registered(String ispId, String deploymentId, Instant estimatedCompletion, List<String> nextSteps) {
}
