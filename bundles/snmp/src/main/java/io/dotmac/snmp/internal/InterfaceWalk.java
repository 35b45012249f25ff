package io.dotmac.snmp.internal;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.snmp4j.PDU;
import org.snmp4j.smi.Counter32;
import org.snmp4j.smi.Counter64;
import org.snmp4j.smi.Gauge32;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.TimeTicks;
import org.snmp4j.smi.Variable;
import org.snmp4j.smi.VariableBinding;

import io.dotmac.snmp.DeviceSnapshot;
import io.dotmac.snmp.InterfaceSnapshot;
import io.dotmac.snmp.SnmpException;
import io.dotmac.snmp.internal.Mib.Column;

/**
 * The state of one poll: the system scalars and a walk of the interface columns side by side. Each request asks
 * for the next rows of every column not yet finished, starting after the last OID seen in that column; a column
 * ends when the agent answers with an OID outside it (or endOfMibView). Rows may come back cut short (an agent
 * trims a GETBULK answer to fit its message size): each column simply goes on from its own last OID. Not
 * thread-safe: one poll's responses arrive one after the other.
 */
final class InterfaceWalk {

    /** A walk that has not ended after this many requests is refused (an agent looping on its tables). */
    static final int MAX_REQUESTS = 500;
    static final int SCALARS = 3;

    private final OID[] last = new OID[Mib.COLUMNS.size()];
    private final BitSet done = new BitSet(Mib.COLUMNS.size());
    private final Map<Integer, Object[]> rows = new TreeMap<>();
    private final List<String> warnings = new ArrayList<>();
    private long sysUpTime = -1;
    private String sysName;
    private String sysDescr;
    private int oids;
    private int values;
    private int requests;
    private boolean first = true;

    InterfaceWalk() {
        for (Column c : Mib.COLUMNS) {
            last[c.ordinal()] = c.oid;
        }
    }

    /**
     * The varbinds of the next request: on the first, the three system scalars (as GETNEXT of their objects, so
     * they go as GETBULK non-repeaters) and then every column; later, the columns not finished.
     */
    List<VariableBinding> nextRequest() {
        List<VariableBinding> vbs = new ArrayList<>();
        if (first) {
            vbs.add(new VariableBinding(Mib.SYS_UPTIME));
            vbs.add(new VariableBinding(Mib.SYS_NAME));
            vbs.add(new VariableBinding(Mib.SYS_DESCR));
        }
        for (Column c : Mib.COLUMNS) {
            if (!done.get(c.ordinal())) {
                vbs.add(new VariableBinding(last[c.ordinal()]));
            }
        }
        requests++;
        if (requests > MAX_REQUESTS) {
            throw new SnmpException(SnmpException.Reason.MALFORMED, "the interface tables did not end after "
                    + MAX_REQUESTS + " requests");
        }
        return vbs;
    }

    /** Interface rows seen so far (the most of any column). */
    int rows() {
        return rows.size();
    }

    /** Non-repeaters of the next request (the system scalars on the first one). */
    int nonRepeaters() {
        return first ? SCALARS : 0;
    }

    /** The columns in the next request, in order. */
    private List<Column> activeColumns() {
        List<Column> active = new ArrayList<>();
        for (Column c : Mib.COLUMNS) {
            if (!done.get(c.ordinal())) {
                active.add(c);
            }
        }
        return active;
    }

    /**
     * Takes a response: {@code bulk} when it answered a GETBULK (rows of all requested columns, repeated), else a
     * GETNEXT (one varbind per requested OID).
     *
     * @return whether the walk is finished
     */
    boolean accept(PDU response) {
        List<Column> active = activeColumns();
        List<? extends VariableBinding> vbs = response.getVariableBindings();
        oids += vbs.size();
        int i = 0;
        if (first) {
            if (vbs.size() < SCALARS) {
                throw malformed("the answer holds " + vbs.size() + " values, fewer than the system objects asked");
            }
            scalars(vbs.get(0), vbs.get(1), vbs.get(2));
            values += SCALARS;
            i = SCALARS;
            first = false;
        }
        if (active.isEmpty()) {
            return true;
        }
        for (int n = 0; i < vbs.size(); i++, n++) {
            Column c = active.get(n % active.size());
            if (done.get(c.ordinal())) {
                continue;
            }
            VariableBinding vb = vbs.get(i);
            OID oid = vb.getOid();
            if (vb.isException() || oid == null || !oid.startsWith(c.oid) || oid.size() != c.oid.size() + 1) {
                done.set(c.ordinal());
                continue;
            }
            if (oid.compareTo(last[c.ordinal()]) <= 0) {
                throw malformed("OIDs do not increase in " + c.mibName + " (" + oid + " after "
                        + last[c.ordinal()] + ")");
            }
            last[c.ordinal()] = oid;
            values++;
            value(c, oid.last(), vb.getVariable());
        }
        return done.cardinality() == Mib.COLUMNS.size();
    }

    private void scalars(VariableBinding uptime, VariableBinding name, VariableBinding descr) {
        if (!uptime.getOid().equals(new OID(Mib.SYS_UPTIME).append(0))
                || !(uptime.getVariable() instanceof TimeTicks ticks)) {
            throw malformed("sysUpTime.0 is missing or not TimeTicks (" + uptime + ")");
        }
        sysUpTime = ticks.getValue();
        sysName = text(name, Mib.SYS_NAME);
        sysDescr = text(descr, Mib.SYS_DESCR);
    }

    private static String text(VariableBinding vb, OID object) {
        if (vb.getOid().equals(new OID(object).append(0)) && vb.getVariable() instanceof OctetString s) {
            return s.toString();
        }
        return null;
    }

    private void value(Column c, int ifIndex, Variable v) {
        Object[] row = rows.computeIfAbsent(ifIndex, k -> new Object[Mib.COLUMNS.size()]);
        Object value = switch (c) {
            case IF_DESCR, IF_NAME -> v instanceof OctetString s ? s.toString() : null;
            case IF_ADMIN_STATUS, IF_OPER_STATUS -> v instanceof Integer32 n ? n.getValue() : null;
            case IF_HC_IN_OCTETS, IF_HC_OUT_OCTETS -> v instanceof Counter64 n ? n.getValue() : null;
            case IF_IN_DISCARDS, IF_IN_ERRORS, IF_OUT_DISCARDS, IF_OUT_ERRORS ->
                    v instanceof Counter32 n ? n.getValue() : null;
            case IF_HIGH_SPEED -> v instanceof Gauge32 n ? n.getValue() : null;
        };
        if (value == null) {
            if (warnings.size() < 20) {
                warnings.add(c.mibName + "." + ifIndex + " is " + v.getSyntaxString() + ", left out");
            }
            return;
        }
        row[c.ordinal()] = value;
    }

    DeviceSnapshot snapshot() {
        List<InterfaceSnapshot> interfaces = new ArrayList<>(rows.size());
        for (Map.Entry<Integer, Object[]> e : rows.entrySet()) {
            Object[] r = e.getValue();
            interfaces.add(new InterfaceSnapshot(e.getKey(), (String) r[Column.IF_NAME.ordinal()],
                    (String) r[Column.IF_DESCR.ordinal()], intOf(r[Column.IF_ADMIN_STATUS.ordinal()]),
                    intOf(r[Column.IF_OPER_STATUS.ordinal()]), (Long) r[Column.IF_HC_IN_OCTETS.ordinal()],
                    (Long) r[Column.IF_HC_OUT_OCTETS.ordinal()], (Long) r[Column.IF_IN_ERRORS.ordinal()],
                    (Long) r[Column.IF_OUT_ERRORS.ordinal()], (Long) r[Column.IF_IN_DISCARDS.ordinal()],
                    (Long) r[Column.IF_OUT_DISCARDS.ordinal()], (Long) r[Column.IF_HIGH_SPEED.ordinal()]));
        }
        return new DeviceSnapshot(sysUpTime, sysName, sysDescr, List.copyOf(interfaces), values, oids, requests,
                List.copyOf(warnings));
    }

    private static int intOf(Object o) {
        return o == null ? 0 : (Integer) o;
    }

    private static SnmpException malformed(String message) {
        return new SnmpException(SnmpException.Reason.MALFORMED, message);
    }
}
