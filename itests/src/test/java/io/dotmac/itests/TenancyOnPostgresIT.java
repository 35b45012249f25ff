package io.dotmac.itests;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;

import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.OptionUtils;

@RunWith(PostgresPaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TenancyOnPostgresIT extends TierPluginsSuite {

    @Test
    public void firstOperatorHasAGeneratedOwnerOnlyPasswordAndNoDefault() throws Exception {
        checkFirstOperatorHasAGeneratedOwnerOnlyPasswordAndNoDefault();
    }

    @Test
    public void platformOperatorManagesTenants() throws Exception {
        checkPlatformOperatorManagesTenants();
    }

    @Test
    public void suspendedTenantGets403AndHealthStaysOpen() throws Exception {
        checkSuspendedTenantGets403AndHealthStaysOpen();
    }

    @Test
    public void tokenAttacksAreRefused() throws Exception {
        checkTokenAttacksAreRefused();
    }

    @Test
    public void failedLoginsAreThrottled() throws Exception {
        checkFailedLoginsAreThrottled();
    }

    @Test
    public void tenantUsersStayInsideTheirTenant() throws Exception {
        checkTenantUsersStayInsideTheirTenant();
    }

    @Test
    public void rolesLimitWhatTenantUsersMayDo() throws Exception {
        checkRolesLimitWhatTenantUsersMayDo();
    }

    @Test
    public void catalogueFollowsThePluginAndTheFilterFollowsTheTier() throws Exception {
        checkCatalogueFollowsThePluginAndTheFilterFollowsTheTier();
    }

    @Test
    public void serviceAccessorRefusesPluginsTheTenantMayNotUse() throws Exception {
        checkServiceAccessorRefusesPluginsTheTenantMayNotUse();
    }

    @Test
    public void tenantLicenseShowsTierPriceAndLimit() throws Exception {
        checkTenantLicenseShowsTierPriceAndLimit();
    }

    @Test
    public void hostSubdomainNamesTheTenant() throws Exception {
        checkHostSubdomainNamesTheTenant();
    }

    @Test
    public void shellCommandsUseTheSameServicesAndMessages() throws Exception {
        checkShellCommandsUseTheSameServicesAndMessages();
    }

    @Test
    public void instanceLicenseHidesPluginsAboveItWithoutRestartingAnythingElse() throws Exception {
        checkInstanceLicenseHidesPluginsAboveItWithoutRestartingAnythingElse();
    }

    @Test
    public void pluginInstallCyclesRefreshNothingAndDropNoRequest() throws Exception {
        // 10 cycles here; the 100-cycle soak under load is benchmarks/plugin-cycles.sh
        checkPluginInstallCyclesRefreshNothingAndDropNoRequest(10);
    }

    @Test
    public void limitReservationIsAtomicUnderConcurrency() throws Exception {
        checkLimitReservationIsAtomicUnderConcurrency();
    }

    @Test
    public void anAddOnEntitlesAPluginAboveTheTierAtOnceUntilItEnds() throws Exception {
        checkAnAddOnEntitlesAPluginAboveTheTierAtOnceUntilItEnds();
    }

    @Test
    public void activationIsReconciledWhenThePluginComesBack() throws Exception {
        checkActivationIsReconciledWhenThePluginComesBack();
    }

    @Test
    public void rowLevelSecurityShowsAnUnscopedQueryOnlyTheBoundTenantsRows() throws Exception {
        checkRowLevelSecurityShowsAnUnscopedQueryOnlyTheBoundTenantsRows();
    }

    @Configuration
    public Option[] config() {
        return OptionUtils.combine(PostgresDatabase.create(getClass()), tenancy());
    }

    @Test
    public void apiKeysActForTheirTenantWithTheirScopesOnly() throws Exception {
        checkApiKeysActForTheirTenantWithTheirScopesOnly();
    }

    @Test
    public void basicTenantsGetTheLimitedVariantAndTheRateLimitHolds() throws Exception {
        checkBasicTenantsGetTheLimitedVariantAndTheRateLimitHolds();
    }

    @Test
    public void aKeyStopsWhileItsTenantMayNotUseThePlugin() throws Exception {
        checkAKeyStopsWhileItsTenantMayNotUseThePlugin();
    }

    @Test
    public void whiteLabelBrandIsTheTenantsOwnAndItsLogoIsSanitised() throws Exception {
        checkWhiteLabelBrandIsTheTenantsOwnAndItsLogoIsSanitised();
    }

    @Test
    public void documentsCarryTheBrandWithWhiteLabelAndDotMacsMarkWithout() throws Exception {
        checkDocumentsCarryTheBrandWithWhiteLabelAndDotMacsMarkWithout();
    }

    @Test
    public void anApprovedCustomDomainNamesItsTenantWhileItHasWhiteLabel() throws Exception {
        checkAnApprovedCustomDomainNamesItsTenantWhileItHasWhiteLabel();
    }
}
