package io.dotmac.management;

import java.time.Instant;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * How an ISP is doing ({@code GET /api/v1/platform/isps/{id}/health-score}), 0 to 100: the weighted mean of its parts
 * that could be measured (a part without data is left out and the weights of the others scaled up); the formula of
 * each part is in the README and in {@link Part#rule()}.
 *
 * @param score           0–100, null when no part could be measured
 * @param recommendations what the ISP could do, the most pressing first
 * @since 1.2
 */
@ProviderType
public record HealthScore(String ispId, String tenant, Integer score, List<Part> parts,
        List<String> recommendations, Instant at) {

    /**
     * One part.
     *
     * @param name     {@code customer_growth}, {@code revenue_trend}, {@code api_latency}, {@code ticket_resolution},
     *                 {@code feature_adoption}
     * @param score    0–100, null without data
     * @param weight   its weight before scaling
     * @param measured what was measured, in words ("+12.5 % customers in 30 days")
     * @param rule     how the score follows from it
     */
    public record Part(String name, Integer score, double weight, String measured, String rule) {
    }
}
