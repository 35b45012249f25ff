package com.example.nps.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class NpsTest {

    @Test
    void theScoreIsPromotersMinusDetractorsInWholePoints() {
        assertEquals(Integer.valueOf(18), Nps.of(5, 3, 3).score(), "(5 - 3) / 11 = 18.2 points");
        assertEquals(Integer.valueOf(40), Nps.of(6, 2, 2).score());
        assertEquals(11, Nps.of(5, 3, 3).responses());
    }

    @Test
    void edges() {
        assertNull(Nps.of(0, 0, 0).score(), "no answers, no score");
        assertEquals(Integer.valueOf(100), Nps.of(4, 0, 0).score());
        assertEquals(Integer.valueOf(-100), Nps.of(0, 0, 2).score());
        assertEquals(Integer.valueOf(0), Nps.of(1, 5, 1).score());
        assertEquals("promoter", Nps.kind(9));
        assertEquals("passive", Nps.kind(7));
        assertEquals("detractor", Nps.kind(6));
    }
}
