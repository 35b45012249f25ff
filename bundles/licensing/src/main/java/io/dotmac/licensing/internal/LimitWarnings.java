package io.dotmac.licensing.internal;

/** When a tier limit's usage is worth a warning. */
final class LimitWarnings {

    private LimitWarnings() {
    }

    /**
     * 100 when {@code used} just reached {@code max}, 80 when it just reached 80 % of it (rounded up: the unit that
     * gets there), 0 otherwise. With a limit so small that both are the same unit, 100.
     */
    static int crossed(long used, long max) {
        if (max <= 0) {
            return 0;
        }
        if (used == max) {
            return 100;
        }
        return used == (max * 8 + 9) / 10 ? 80 : 0;
    }
}
