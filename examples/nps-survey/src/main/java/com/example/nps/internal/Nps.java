package com.example.nps.internal;

/**
 * A net promoter score: of the answers, the share of promoters (9-10) minus the share of detractors (0-6), in whole
 * percentage points (-100 to 100); passives (7-8) count in the total only.
 */
public record Nps(int responses, int promoters, int passives, int detractors, Integer score) {

    static Nps of(int promoters, int passives, int detractors) {
        int total = promoters + passives + detractors;
        Integer score = total == 0 ? null : Math.round(100f * (promoters - detractors) / total);
        return new Nps(total, promoters, passives, detractors, score);
    }

    /** Which of the three an answer is. */
    static String kind(int score) {
        return score >= 9 ? "promoter" : score >= 7 ? "passive" : "detractor";
    }
}
