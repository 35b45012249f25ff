package io.dotmac.snmp;

import java.util.List;

/**
 * What one poll of an agent found: sysUpTime (hundredths of a second since the agent's SNMP engine restarted),
 * sysName, sysDescr and its interfaces in ifIndex order; {@code oids} values read (the scalars and every table cell),
 * out of {@code received} variable bindings in {@code requests} requests (a GETBULK answer runs past the end of the
 * tables); {@code warnings} about values left out (wrong types).
 */
public record DeviceSnapshot(long sysUpTime, String sysName, String sysDescr, List<InterfaceSnapshot> interfaces,
        int oids, int received, int requests, List<String> warnings) {
}
