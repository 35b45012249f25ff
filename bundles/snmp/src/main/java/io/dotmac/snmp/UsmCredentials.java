package io.dotmac.snmp;

/**
 * An SNMPv3 user: {@code auth} and {@code priv} are {@code null} for no authentication / no privacy (privacy needs
 * authentication). {@link #toString()} never shows the passphrases.
 */
public record UsmCredentials(String user, AuthProtocol auth, String authPassphrase, PrivProtocol priv,
        String privPassphrase) {

    @Override
    public String toString() {
        return "UsmCredentials[user=" + user + ", auth=" + auth + ", priv=" + priv + "]";
    }
}
