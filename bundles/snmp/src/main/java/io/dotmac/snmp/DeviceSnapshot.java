package io.dotmac.snmp;

import java.util.List;

/**
 * What one poll of an agent found: sysUpTime (hundredths of a second since the agent's SNMP engine restarted),
 * sysName, sysDescr and its interfaces in ifIndex order; {@code oids} values received in {@code requests} requests;
 * {@code warnings} about values left out (wrong types).
 */
public record DeviceSnapshot(long sysUpTime, String sysName, String sysDescr, List<InterfaceSnapshot> interfaces,
        int oids, int requests, List<String> warnings) {
}
