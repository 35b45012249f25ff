package io.dotmac.reporting.basic.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AgeingReportTest {

    @Test
    void bucketsAreDaysPastTheDueDate() {
        assertEquals(0, AgeingReport.bucket(-1));
        assertEquals(1, AgeingReport.bucket(0));
        assertEquals(1, AgeingReport.bucket(30));
        assertEquals(2, AgeingReport.bucket(31));
        assertEquals(2, AgeingReport.bucket(60));
        assertEquals(3, AgeingReport.bucket(61));
        assertEquals(3, AgeingReport.bucket(90));
        assertEquals(4, AgeingReport.bucket(91));
    }
}
