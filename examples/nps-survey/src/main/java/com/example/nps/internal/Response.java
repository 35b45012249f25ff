package com.example.nps.internal;

import java.time.Instant;

/** One customer's answer. */
public record Response(String id, String customerId, int score, String comment, Instant createdAt) {

    /** What recording an answer takes. */
    public record Input(String customerId, Integer score, String comment) {
    }
}
