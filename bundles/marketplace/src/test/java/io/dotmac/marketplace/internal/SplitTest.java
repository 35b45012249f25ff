package io.dotmac.marketplace.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The 70/30 split in minor units: exact, the remainder of an uneven split to the platform. */
class SplitTest {

    @Test
    void theDeveloperGetsSeventyPercentRoundedDownAndTheTwoSharesAddUp() {
        // amount, the developer's share, the platform's (minor units)
        long[][] cases = { {999, 699, 300}, {1000, 700, 300}, {1, 0, 1}, {3, 2, 1}, {0, 0, 0},
            {10_000_000, 7_000_000, 3_000_000}, {1234, 863, 371} };
        for (long[] c : cases) {
            long developer = MarketplaceService.developerShare(c[0]);
            assertEquals(c[1], developer, "the developer's 70 % of " + c[0]);
            assertEquals(c[2], c[0] - developer, "the platform's 30 % of " + c[0]);
        }
    }
}
