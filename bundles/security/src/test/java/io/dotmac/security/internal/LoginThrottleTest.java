package io.dotmac.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Failed logins slow a guesser down, per account and address, per address and per account, never for good. */
class LoginThrottleTest {

    private static final String ACCOUNT = LoginThrottle.account("Acme", "Alice");

    private final LoginThrottle throttle = new LoginThrottle(LoginThrottle.Limits.DEFAULTS);

    @Test
    void fiveFailuresFromOneAddressStartDoublingWaits() {
        long now = 1_000_000;
        for (int i = 0; i < 4; i++) {
            throttle.failed(ACCOUNT, "10.0.0.1", now);
            assertEquals(0, throttle.waitSeconds(ACCOUNT, "10.0.0.1", now), "within the allowance");
        }
        throttle.failed(ACCOUNT, "10.0.0.1", now);
        assertEquals(1, throttle.waitSeconds(ACCOUNT, "10.0.0.1", now));
        throttle.failed(ACCOUNT, "10.0.0.1", now);
        assertEquals(2, throttle.waitSeconds(ACCOUNT, "10.0.0.1", now));
        throttle.failed(ACCOUNT, "10.0.0.1", now);
        assertEquals(4, throttle.waitSeconds(ACCOUNT, "10.0.0.1", now));
        for (int i = 0; i < 30; i++) {
            throttle.failed(ACCOUNT, "10.0.0.1", now);
        }
        assertEquals(300, throttle.waitSeconds(ACCOUNT, "10.0.0.1", now), "capped");
        assertEquals(0, throttle.waitSeconds(ACCOUNT, "10.0.0.1", now + 300_000), "over after the wait");
        // the owner from another address is delayed by the account's own count only, capped at a minute
        assertTrue(throttle.waitSeconds(ACCOUNT, "192.0.2.7", now) <= 60);
    }

    @Test
    void anAccountIsNeverLockedForItsOwnerByFailuresFromElsewhere() {
        long now = 5_000_000;
        for (int i = 0; i < 1000; i++) {
            throttle.failed(ACCOUNT, "10.1." + (i / 250) + "." + (i % 250), now); // spread over 1,000 addresses
        }
        long wait = throttle.waitSeconds(ACCOUNT, "203.0.113.9", now);
        assertTrue(wait > 0 && wait <= 60, "at most the account cap: " + wait);
        assertEquals(0, throttle.waitSeconds(ACCOUNT, "203.0.113.9", now + 60_000));
    }

    @Test
    void oneAddressTryingManyAccountsWaitsAndASuccessClearsTheAccount() {
        long now = 9_000_000;
        for (int i = 0; i < 100; i++) {
            throttle.failed(LoginThrottle.account("acme", "user" + i), "10.9.9.9", now);
        }
        assertEquals(1, throttle.waitSeconds(LoginThrottle.account("acme", "someone-else"), "10.9.9.9", now));
        assertEquals(0, throttle.waitSeconds(LoginThrottle.account("acme", "someone-else"), "10.9.9.10", now));

        throttle.failed(ACCOUNT, "10.0.0.2", now);
        throttle.failed(ACCOUNT, "10.0.0.2", now);
        throttle.succeeded(ACCOUNT, "10.0.0.2");
        for (int i = 0; i < 4; i++) {
            throttle.failed(ACCOUNT, "10.0.0.2", now);
        }
        assertEquals(0, throttle.waitSeconds(ACCOUNT, "10.0.0.2", now), "the count started again after the success");
        assertEquals(LoginThrottle.account("acme", "alice"), ACCOUNT, "case does not make a new account");
    }

    @Test
    void failuresAreForgottenAndTheKeysAreBounded() {
        LoginThrottle small = new LoginThrottle(new LoginThrottle.Limits(5, 20, 50, 300, 60, 900, 1000));
        for (int i = 0; i < 5000; i++) {
            small.failed(LoginThrottle.account(null, "u" + i), "10.2." + (i / 250) + "." + (i % 250), 0);
        }
        assertTrue(small.keys() <= 1000, "bounded: " + small.keys());
        for (int i = 0; i < 5; i++) {
            throttle.failed(ACCOUNT, "10.0.0.3", 0);
        }
        assertEquals(1, throttle.waitSeconds(ACCOUNT, "10.0.0.3", 0));
        throttle.failed(ACCOUNT, "10.0.0.3", 901_000); // 15 minutes later: a first failure again
        assertEquals(0, throttle.waitSeconds(ACCOUNT, "10.0.0.3", 901_000));
    }
}
