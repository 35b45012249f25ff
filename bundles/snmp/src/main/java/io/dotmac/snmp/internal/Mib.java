package io.dotmac.snmp.internal;

import java.util.List;

import org.snmp4j.smi.OID;

/** The MIB-II and IF-MIB objects we poll. */
final class Mib {

    static final OID SYS_DESCR = new OID("1.3.6.1.2.1.1.1");
    static final OID SYS_OBJECT_ID = new OID("1.3.6.1.2.1.1.2");
    static final OID SYS_UPTIME = new OID("1.3.6.1.2.1.1.3");
    static final OID SYS_NAME = new OID("1.3.6.1.2.1.1.5");

    /** The interface columns of a poll, in the order {@link Column} lists them. */
    enum Column {
        IF_DESCR("ifDescr", "1.3.6.1.2.1.2.2.1.2"),
        IF_ADMIN_STATUS("ifAdminStatus", "1.3.6.1.2.1.2.2.1.7"),
        IF_OPER_STATUS("ifOperStatus", "1.3.6.1.2.1.2.2.1.8"),
        IF_IN_DISCARDS("ifInDiscards", "1.3.6.1.2.1.2.2.1.13"),
        IF_IN_ERRORS("ifInErrors", "1.3.6.1.2.1.2.2.1.14"),
        IF_OUT_DISCARDS("ifOutDiscards", "1.3.6.1.2.1.2.2.1.19"),
        IF_OUT_ERRORS("ifOutErrors", "1.3.6.1.2.1.2.2.1.20"),
        IF_NAME("ifName", "1.3.6.1.2.1.31.1.1.1.1"),
        IF_HC_IN_OCTETS("ifHCInOctets", "1.3.6.1.2.1.31.1.1.1.6"),
        IF_HC_OUT_OCTETS("ifHCOutOctets", "1.3.6.1.2.1.31.1.1.1.10"),
        IF_HIGH_SPEED("ifHighSpeed", "1.3.6.1.2.1.31.1.1.1.15");

        final String mibName;
        final OID oid;

        Column(String mibName, String oid) {
            this.mibName = mibName;
            this.oid = new OID(oid);
        }
    }

    static final List<Column> COLUMNS = List.of(Column.values());

    private Mib() {
    }
}
