package io.dotmac.security.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Slows password guessing down without ever locking an account's owner out for good. Failed logins are counted
 * under three keys, each with its own allowance before waits begin:
 * <ul>
 * <li>the account from one client address ({@code perAccountAndAddress} failures): the guesser's own case; each
 * further failure doubles the wait, up to {@code maxWaitSeconds};</li>
 * <li>the client address, whatever the accounts ({@code perAddress}): one client trying many accounts;</li>
 * <li>the account, whatever the addresses ({@code perAccount}): a guesser spread over many addresses; its wait is
 * capped at {@code accountMaxWaitSeconds} (a minute by default), so someone failing on purpose from elsewhere can
 * delay the owner's login by that much at most, never lock it.</li>
 * </ul>
 * While any key must wait, a login is refused before its password is even checked (no hash computed). A success
 * clears the account's counts. A key forgets its failures {@code forgetSeconds} after the last one. At most
 * {@code maxKeys} keys are kept (the least recently used go first), so a flood of addresses cannot grow the heap.
 */
final class LoginThrottle {

    record Limits(int perAccountAndAddress, int perAddress, int perAccount, long maxWaitSeconds,
            long accountMaxWaitSeconds, long forgetSeconds, int maxKeys) {

        static final Limits DEFAULTS = new Limits(5, 100, 50, 300, 60, 900, 100_000);
    }

    private static final class Failures {
        int count;
        long lastMillis;
        long blockedUntilMillis;
    }

    private final Limits limits;
    private final Map<String, Failures> failures;

    LoginThrottle(Limits limits) {
        this.limits = limits;
        this.failures = new LinkedHashMap<>(1024, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
                return size() > limits.maxKeys();
            }
        };
    }

    /** The account's key: tenant slug (empty for a platform operator) and user name, case-insensitive. */
    static String account(String tenantSlug, String username) {
        return (tenantSlug == null ? "" : tenantSlug.toLowerCase(Locale.ROOT)) + "/"
                + username.toLowerCase(Locale.ROOT);
    }

    /** Seconds to wait before {@code account} may try again from {@code address}; 0: now. */
    synchronized long waitSeconds(String account, String address, long nowMillis) {
        long until = Math.max(blockedUntil("a|" + account + "|" + address, nowMillis),
                Math.max(blockedUntil("i|" + address, nowMillis), blockedUntil("u|" + account, nowMillis)));
        return until <= nowMillis ? 0 : (until - nowMillis + 999) / 1000;
    }

    private long blockedUntil(String key, long nowMillis) {
        Failures f = failures.get(key);
        if (f == null) {
            return 0;
        }
        if (nowMillis - f.lastMillis > limits.forgetSeconds() * 1000) {
            failures.remove(key);
            return 0;
        }
        return f.blockedUntilMillis;
    }

    /** Counts a failed login of {@code account} from {@code address}. */
    synchronized void failed(String account, String address, long nowMillis) {
        count("a|" + account + "|" + address, limits.perAccountAndAddress(), limits.maxWaitSeconds(), nowMillis);
        count("i|" + address, limits.perAddress(), limits.maxWaitSeconds(), nowMillis);
        count("u|" + account, limits.perAccount(), limits.accountMaxWaitSeconds(), nowMillis);
    }

    private void count(String key, int allowance, long maxWaitSeconds, long nowMillis) {
        Failures f = failures.get(key);
        if (f == null || nowMillis - f.lastMillis > limits.forgetSeconds() * 1000) {
            f = new Failures();
            failures.put(key, f);
        }
        f.count++;
        f.lastMillis = nowMillis;
        int over = f.count - allowance;
        if (over >= 0) {
            long wait = Math.min(maxWaitSeconds, 1L << Math.min(30, over));
            f.blockedUntilMillis = nowMillis + wait * 1000;
        }
    }

    /** A successful login: the account's counts go (the address's stay: it may be guessing other accounts). */
    synchronized void succeeded(String account, String address) {
        failures.remove("a|" + account + "|" + address);
        failures.remove("u|" + account);
    }

    /** Keys held now (for tests and diagnostics). */
    synchronized int keys() {
        return failures.size();
    }
}
