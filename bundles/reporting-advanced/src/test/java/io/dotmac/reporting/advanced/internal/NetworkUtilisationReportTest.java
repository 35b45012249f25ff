package io.dotmac.reporting.advanced.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

class NetworkUtilisationReportTest {

    @Test
    void theNinetyFifthPercentileIsTheNearestRank() {
        // rank = ceil(0.95 n): the 19th of 20, the 95th of 100, the 3rd of 3, the only one of 1
        assertEquals(19, NetworkUtilisationReport.p95(LongStream.rangeClosed(1, 20).map(k -> 21 - k).toArray()));
        assertEquals(95, NetworkUtilisationReport.p95(LongStream.rangeClosed(1, 100).toArray()));
        assertEquals(30, NetworkUtilisationReport.p95(new long[] { 15, 30, 7 }));
        assertEquals(4, NetworkUtilisationReport.p95(new long[] { 4 }));
        // a month of 5-minute values: 8,640, the highest 432 dropped
        assertEquals(8208, NetworkUtilisationReport.p95(LongStream.rangeClosed(1, 8640).toArray()));
    }

    @Test
    void quickselectAgreesWithSorting() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        for (int round = 0; round < 200; round++) {
            int n = 1 + random.nextInt(3000);
            long[] values = new long[n];
            for (int k = 0; k < n; k++) {
                values[k] = random.nextInt(round % 3 == 0 ? 5 : 1_000_000); // with many ties, and without
            }
            long[] sorted = values.clone();
            java.util.Arrays.sort(sorted);
            assertEquals(sorted[(int) Math.ceil(0.95 * n) - 1], NetworkUtilisationReport.p95(values));
        }
    }
}
