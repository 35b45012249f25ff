package io.dotmac.integrations.internal;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;

import io.dotmac.platform.api.net.OutboundGuard;

/**
 * Keeps webhooks from reaching the inside of the network (SSRF): a URL must be http or https with a host, and every
 * address its host resolves to must pass the platform's {@link OutboundGuard} (with the networks allowed in
 * {@code etc/io.dotmac.integrations.cfg}). Checked when a webhook is saved, and for every request and redirect by
 * the HTTP client's resolver, which connects only to the addresses it checked.
 */
final class AddressGuard {

    /** Why a URL may not be called. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    private final OutboundGuard guard;

    AddressGuard(String allowedNetworks) {
        this.guard = new OutboundGuard(allowedNetworks);
    }

    /** Why {@code address} is internal, or {@code null} when it is public (or allowed). */
    String internal(InetAddress address) {
        return guard.internal(address);
    }

    /** The URL's syntax: http or https, a host, no user info. */
    static String syntax(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "must be an http or https URL";
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return "must name a host";
        }
        if (uri.getRawUserInfo() != null) {
            return "must not hold a user name or password";
        }
        return null;
    }

    /**
     * The addresses of {@code host}, each checked: connect to these only.
     *
     * @throws Refused saying why
     */
    List<InetAddress> resolve(String host) throws Refused {
        try {
            return guard.resolve(host);
        } catch (OutboundGuard.Refused e) {
            throw new Refused("its host " + e.host() + " " + e.reason() + ", which webhooks may not reach"
                    + (e.reason().equals("is unknown") ? "" : " unless allowed in etc/" + IntegrationsConfig.PID
                            + ".cfg"));
        }
    }

    /**
     * Checks {@code uri} and every address of its host.
     *
     * @throws Refused saying why
     */
    void check(URI uri) throws Refused {
        String bad = syntax(uri);
        if (bad != null) {
            throw new Refused(bad);
        }
        resolve(uri.getHost());
    }
}
