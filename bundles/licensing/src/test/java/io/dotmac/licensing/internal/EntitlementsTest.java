package io.dotmac.licensing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.dotmac.platform.api.NotFoundException;
import io.dotmac.platform.api.PluginDescriptor;
import io.dotmac.platform.api.PluginDisabledException;
import io.dotmac.platform.api.PluginNotLicensedException;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.Tier;

class EntitlementsTest {

    private final Map<String, PluginDescriptor> catalogue = new HashMap<>();
    private final Map<String, Tier> tiers = new HashMap<>();
    private final AtomicReference<Tier> instance = new AtomicReference<>(Tier.ENTERPRISE);
    private final Entitlements entitlements = new Entitlements(catalogue::get, tiers::get, instance::get);

    EntitlementsTest() {
        catalogue.put("billing", plugin("billing", Tier.BASIC));
        catalogue.put("network", plugin("network", Tier.PREMIUM));
        catalogue.put("rules", plugin("rules", Tier.ENTERPRISE));
    }

    private static PluginDescriptor plugin(String id, Tier tier) {
        return new PluginDescriptor(id, id, tier, "1.0.0", 1, "io.example." + id, "ACTIVE");
    }

    private TenantRef tenant(String id, Tier tier) {
        tiers.put(id, tier);
        return new TenantRef(id, id, tier);
    }

    @Test
    void tierIncludesEveryPluginAtOrBelowIt() {
        TenantRef premium = tenant("t1", Tier.PREMIUM);
        assertTrue(entitlements.allowed(premium, "billing"));
        assertTrue(entitlements.allowed(premium, "network"));
        assertFalse(entitlements.allowed(premium, "rules"));
        assertEquals(Entitlements.Decision.NOT_LICENSED, entitlements.decide(premium, "rules"));
    }

    @Test
    void refusalNamesThePluginItsTierAndTheTenantsTier() {
        TenantRef free = tenant("t1", Tier.FREE);
        PluginNotLicensedException e = assertThrows(PluginNotLicensedException.class,
                () -> entitlements.check(free, "network"));
        assertEquals("Plugin 'network' requires PREMIUM tier or higher", e.getMessage());
        assertEquals(Tier.PREMIUM, e.requiredTier());
        assertEquals(Tier.FREE, e.currentTier());
        assertThrows(NotFoundException.class, () -> entitlements.check(free, "nope"));
    }

    @Test
    void switchedOffPluginIsDisabledEvenWithinTheTier() {
        TenantRef t = tenant("t1", Tier.ENTERPRISE);
        entitlements.put("t1", Switches.NONE.withEnabled("billing", false));
        assertEquals(Entitlements.Decision.DISABLED, entitlements.decide(t, "billing"));
        assertThrows(PluginDisabledException.class, () -> entitlements.check(t, "billing"));
        entitlements.put("t1", entitlements.switches("t1").withEnabled("billing", true));
        assertTrue(entitlements.allowed(t, "billing"));
        assertEquals(Switches.NONE, entitlements.switches("t1"), "an empty switch set is not kept");
    }

    @Test
    void addOnEntitlesAbovetheTier() {
        TenantRef t = tenant("t1", Tier.FREE);
        entitlements.put("t1", Switches.NONE.withAddon(addOn("network", null)));
        assertTrue(entitlements.allowed(t, "network"));
        assertFalse(entitlements.allowed(t, "rules"));
    }

    @Test
    void aCancelledAddOnEntitlesUntilItEnds() {
        TenantRef t = tenant("t1", Tier.FREE);
        entitlements.put("t1", Switches.NONE.withAddon(addOn("network", Instant.now().plusSeconds(60))));
        assertTrue(entitlements.allowed(t, "network"), "cancelled for the end of the month: still running");
        entitlements.put("t1", Switches.NONE.withAddon(addOn("network", Instant.now().minusMillis(1))));
        assertFalse(entitlements.allowed(t, "network"), "ended, before the sweep removed it");
    }

    private static io.dotmac.licensing.AddOn addOn(String plugin, Instant endsAt) {
        return new io.dotmac.licensing.AddOn("t1", plugin, Instant.now(), endsAt, "operator");
    }

    @Test
    void currentTierFromTheRegistryWinsOverAStaleReference() {
        TenantRef stale = new TenantRef("t1", "t1", Tier.ENTERPRISE);
        tiers.put("t1", Tier.FREE);
        assertFalse(entitlements.allowed(stale, "billing"));
        tiers.remove("t1");
        assertTrue(entitlements.allowed(stale, "billing"), "unknown to the registry: the reference's tier");
    }

    @Test
    void instanceLicenceCapsEveryTenant() {
        TenantRef t = tenant("t1", Tier.ENTERPRISE);
        entitlements.put("t1", Switches.NONE.withAddon(addOn("rules", null)));
        instance.set(Tier.BASIC);
        assertTrue(entitlements.allowed(t, "billing"));
        assertFalse(entitlements.allowed(t, "network"));
        assertFalse(entitlements.allowed(t, "rules"), "not even as an add-on");
        PluginNotLicensedException e = assertThrows(PluginNotLicensedException.class,
                () -> entitlements.check(t, "network"));
        // the tenant's own tier, and the licence named as what refuses (not passed off as the tenant's tier)
        assertEquals(Tier.ENTERPRISE, e.currentTier());
        assertEquals(Tier.BASIC, e.instanceTier());
        // a tenant below the plugin's tier under a licence that includes it: the tenant's tier is the reason
        instance.set(Tier.ENTERPRISE);
        PluginNotLicensedException own = assertThrows(PluginNotLicensedException.class,
                () -> entitlements.check(tenant("t2", Tier.FREE), "network"));
        assertEquals(Tier.FREE, own.currentTier());
        assertEquals(null, own.instanceTier());
    }

    @Test
    void uninstalledPluginIsNobodysEntitlement() {
        TenantRef t = tenant("t1", Tier.ENTERPRISE);
        catalogue.remove("billing");
        assertEquals(Entitlements.Decision.NOT_INSTALLED, entitlements.decide(t, "billing"));
    }

    @Test
    void aPluginSoldAloneIsATenantsOnlyAsAnAddOnAndFromItsTierUp() {
        Entitlements sold = new Entitlements(catalogue::get, tiers::get, instance::get,
                p -> p.id().equals("network"));
        TenantRef premium = tenant("t1", Tier.PREMIUM);
        assertFalse(sold.allowed(premium, "network"), "not through the tier");
        sold.put("t1", Switches.NONE.withAddon(addOn("network", null)));
        assertTrue(sold.allowed(premium, "network"), "bought");
        TenantRef free = tenant("t2", Tier.FREE);
        sold.put("t2", Switches.NONE.withAddon(new io.dotmac.licensing.AddOn("t2", "network", Instant.now(), null,
                "marketplace")));
        assertFalse(sold.allowed(free, "network"), "below the tier it may be bought from");
    }
}
