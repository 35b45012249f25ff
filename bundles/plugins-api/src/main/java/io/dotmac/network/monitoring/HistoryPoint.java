package io.dotmac.network.monitoring;

import java.time.Instant;

/**
 * One step of an interface's history: the average and the highest in/out rates (bit/s) of the samples in
 * {@code [at, at + step)}, and the errors and discards counted in it.
 */
public record HistoryPoint(Instant at, long samples, long inAvgBps, long inMaxBps, long outAvgBps, long outMaxBps,
        long inErrors, long outErrors, long inDiscards, long outDiscards) {
}
