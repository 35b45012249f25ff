package io.dotmac.snmp;

/**
 * One row of ifTable/ifXTable as polled. Counters are raw agent values: the 64-bit ones ({@code hcInOctets},
 * {@code hcOutOctets}) are unsigned and may read negative as a Java {@code long}; the 32-bit ones (errors,
 * discards) are below 2^32. {@code null}: the agent did not give the value (or gave one of the wrong type).
 * {@code adminStatus}/{@code operStatus} are IF-MIB's codes (1 up, 2 down, 3 testing, 4 unknown, 5 dormant,
 * 6 notPresent, 7 lowerLayerDown), 0 when missing.
 */
public record InterfaceSnapshot(int ifIndex, String name, String descr, int adminStatus, int operStatus,
        Long hcInOctets, Long hcOutOctets, Long inErrors, Long outErrors, Long inDiscards, Long outDiscards,
        Long highSpeedMbps) {
}
