package io.dotmac.snmp;

/** An agent that answered a probe. */
public record AgentInfo(String host, int port, String sysName, String sysDescr, String sysObjectId, long sysUpTime) {
}
