package io.dotmac.payments.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.dotmac.platform.api.FieldError;

class AutopayTest {

    @Test
    void retryDaysAreSortedAndBadListsFallBackToTheDefault() {
        assertArrayEquals(new int[] { 0, 3, 7 }, Autopay.retryDays("0,3,7"));
        assertArrayEquals(new int[] { 0, 1, 14 }, Autopay.retryDays(" 14, 0 ,1,1"));
        assertArrayEquals(new int[] { 0, 3, 7 }, Autopay.retryDays("soon"));
        assertArrayEquals(new int[] { 0, 3, 7 }, Autopay.retryDays("-1,3"));
        assertArrayEquals(new int[] { 0, 3, 7 }, Autopay.retryDays("0,365"));
        assertArrayEquals(new int[] { 0, 3, 7 }, Autopay.retryDays(""));
    }

    @Test
    void theStepIsTheLastRetryDayReached() {
        LocalDate due = LocalDate.of(2026, 12, 10);
        int[] days = Autopay.retryDays("0,3,7");
        assertEquals(0, Autopay.step(days, due, due.minusDays(1)));
        assertEquals(1, Autopay.step(days, due, due));
        assertEquals(1, Autopay.step(days, due, due.plusDays(2)));
        assertEquals(2, Autopay.step(days, due, due.plusDays(3)));
        assertEquals(3, Autopay.step(days, due, due.plusDays(7)));
        assertEquals(3, Autopay.step(days, due, due.plusDays(70)));
    }

    @Test
    void amountsAreReadInTheCurrencysMinorUnits() {
        List<FieldError> errors = new ArrayList<>();
        assertEquals(4990, OnlinePayments.minor("49.90", "EUR", "amount", errors));
        assertEquals(500, OnlinePayments.minor("500", "JPY", "amount", errors));
        assertEquals(1, OnlinePayments.minor("0.001", "KWD", "amount", errors));
        assertTrue(errors.isEmpty());
        OnlinePayments.minor("1.234", "EUR", "amount", errors);
        OnlinePayments.minor("ten", "EUR", "amount", errors);
        OnlinePayments.minor("1.5", "JPY", "amount", errors);
        assertEquals(3, errors.size());
        assertTrue(errors.stream().allMatch(e -> e.field().equals("amount")));
        assertEquals("49.90", PaymentsStore.amount(4990, "EUR"));
        assertEquals("-10.00", PaymentsStore.amount(-1000, "USD"));
        assertEquals("500", PaymentsStore.amount(500, "JPY"));
    }
}
