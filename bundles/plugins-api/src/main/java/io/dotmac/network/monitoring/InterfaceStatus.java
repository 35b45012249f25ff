package io.dotmac.network.monitoring;

import java.time.Instant;

/**
 * An interface as last polled: IF-MIB's admin and oper status ({@code up}, {@code down}, {@code testing},
 * {@code unknown}, {@code dormant}, {@code notPresent}, {@code lowerLayerDown}), the debounced {@code status}
 * (UP, DOWN, ADMIN_DOWN: shut down by its operator, never a fault; or UNKNOWN) events follow, and the current rates in bit/s ({@code null} until two polls give one).
 * Errors and discards are counts during the last poll interval.
 */
public record InterfaceStatus(int ifIndex, String name, String descr, String adminStatus, String operStatus,
        String status, Long speedMbps, Long inBps, Long outBps, Long inErrors, Long outErrors, Long inDiscards,
        Long outDiscards, Instant updatedAt) {
}
