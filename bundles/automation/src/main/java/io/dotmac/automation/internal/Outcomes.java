package io.dotmac.automation.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import io.dotmac.automation.RuleRun;

/**
 * A run's log of action attempts, kept as JSON in the run's row (written by the same UPDATE that records the run's
 * progress, so an action and its log entry commit together). The oldest entries go when it would grow past
 * {@value #MAX_ENTRIES}.
 */
final class Outcomes {

    static final int MAX_ENTRIES = 60;
    static final int MAX_DETAIL = 500;

    /** One entry as stored. */
    record Entry(int index, String type, int attempt, String status, String detail, long durationMillis, String at) {
    }

    private final List<Entry> entries;

    private Outcomes(List<Entry> entries) {
        this.entries = entries;
    }

    static Outcomes read(String json) {
        if (json == null || json.isEmpty()) {
            return new Outcomes(new ArrayList<>());
        }
        try {
            return new Outcomes(RuleStore.JSON.readValue(json, new TypeReference<ArrayList<Entry>>() { }));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable outcomes", e);
        }
    }

    void add(int index, String type, int attempt, String status, String detail, long startedNanos, Instant at) {
        if (entries.size() >= MAX_ENTRIES) {
            entries.remove(0);
        }
        entries.add(new Entry(index, type, attempt, status, detail == null ? null : detail.length() > MAX_DETAIL
                ? detail.substring(0, MAX_DETAIL - 3) + "..." : detail,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos), at.toString()));
    }

    int size() {
        return entries.size();
    }

    Entry last() {
        return entries.get(entries.size() - 1);
    }

    void removeLast() {
        entries.remove(entries.size() - 1);
    }

    String json() {
        return RuleStore.json(entries);
    }

    List<RuleRun.ActionOutcome> view() {
        return entries.stream().map(e -> new RuleRun.ActionOutcome(e.index(), e.type(), e.attempt(), e.status(),
                e.detail(), e.durationMillis(), Instant.parse(e.at()))).toList();
    }
}
