package io.dotmac.snmp;

/** Why a request to an agent failed; the message says it in words an operator can act on. */
public class SnmpException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The kind of failure. */
    public enum Reason {
        /** No (valid) answer within the timeout and retries: down, unreachable, wrong community, or garbage. */
        TIMEOUT,
        /** SNMPv3 refused us: unknown user, wrong authentication or privacy passphrase, unsupported level. */
        AUTHENTICATION,
        /** The agent answered with an error status. */
        ERROR_STATUS,
        /** The agent answered something we cannot use: wrong types, OIDs going backwards, missing sysUpTime. */
        MALFORMED,
        /** The request could not be sent (no route, bad address). */
        UNREACHABLE
    }

    private final Reason reason;

    public SnmpException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
