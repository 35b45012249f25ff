package io.dotmac.snmp;

/** The SNMP versions we speak: community-based v2c and user-based (USM) v3. */
public enum SnmpVersion {
    V2C("v2c"), V3("v3");

    private final String label;

    SnmpVersion(String label) {
        this.label = label;
    }

    /** {@code v2c} or {@code v3}, as the API writes it. */
    public String label() {
        return label;
    }

    /** The version labelled {@code label} (case-insensitive), or {@code null}. */
    public static SnmpVersion of(String label) {
        for (SnmpVersion v : values()) {
            if (v.label.equalsIgnoreCase(label)) {
                return v;
            }
        }
        return null;
    }
}
