package io.dotmac.itests;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** The BASIC plugins on PostgreSQL (row-level security on, as in production). */
@RunWith(PostgresPaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BasicPluginsOnPostgresIT extends AutomationSuite {

    @Test
    public void eventsSendEmailsWithThePdfFromTheTenantsSender() throws Exception {
        checkEventsSendEmailsWithThePdfFromTheTenantsSender();
    }

    @Test
    public void templatesArePerTenantWithPreviewAndErrorPositions() throws Exception {
        checkTemplatesArePerTenantWithPreviewAndErrorPositions();
    }

    @Test
    public void aTenantsRunawayTemplateHoldsUpNoOtherTenant() throws Exception {
        checkATenantsRunawayTemplateHoldsUpNoOtherTenant();
    }

    @Test
    public void smtpPasswordsAreWriteOnlyAndEncrypted() throws Exception {
        checkSmtpPasswordsAreWriteOnlyAndEncrypted();
    }

    @Test
    public void anSmtpOutageLosesNothingAndSendsNothingTwice() throws Exception {
        checkAnSmtpOutageLosesNothingAndSendsNothingTwice();
    }

    @Test
    public void noEmailForTenantsWithoutThePlugin() throws Exception {
        checkNoEmailForTenantsWithoutThePlugin();
    }

    @Test
    public void eachBasicPluginWorksWithoutTheOther() throws Exception {
        checkEachBasicPluginWorksWithoutTheOther();
    }

    @Test
    public void billingRunIssuesEachDuePeriodOnceWithProrationAndTax() throws Exception {
        checkBillingRunIssuesEachDuePeriodOnceWithProrationAndTax();
    }

    @Test
    public void runsFollowTheTierAndTheScheduleOnlyRunsForEntitledTenants() throws Exception {
        checkRunsFollowTheTierAndTheScheduleOnlyRunsForEntitledTenants();
    }

    @Test
    public void dunningRemindsSuspendsAndResumesOncePaid() throws Exception {
        checkDunningRemindsSuspendsAndResumesOncePaid();
    }

    @Test
    public void aRunDatedAheadBillsAheadAndDunsNobody() throws Exception {
        checkARunDatedAheadBillsAheadAndDunsNobody();
    }

    @Test
    public void badBillingInputIsNamedAndChangesNothing() throws Exception {
        checkBadBillingInputIsNamedAndChangesNothing();
    }

    @Test
    public void anotherTenantCanNeitherSeeNorChangeBilling() throws Exception {
        checkAnotherTenantCanNeitherSeeNorChangeBilling();
    }

    @Test
    public void billingRunCommandShowsProgressUntilDone() throws Exception {
        checkBillingRunCommandShowsProgressUntilDone();
    }

    @Test
    public void aMessageFailsAfterItsLastAttemptOnTheTenantsOwnServer() throws Exception {
        checkAMessageFailsAfterItsLastAttemptOnTheTenantsOwnServer();
    }

    @Test
    public void basicReportsMatchAHandComputedTenant() throws Exception {
        checkBasicReportsMatchAHandComputedTenant();
    }

    @Test
    public void basicReportsFollowTheTierAndStayInTheirTenant() throws Exception {
        checkBasicReportsFollowTheTierAndStayInTheirTenant();
    }

    @Test
    public void customerAndTicketChangesReachTheReports() throws Exception {
        checkCustomerAndTicketChangesReachTheReports();
    }

    @Test
    public void advancedReportsMatchAHandComputedTenant() throws Exception {
        checkAdvancedReportsMatchAHandComputedTenant();
    }

    @Test
    public void networkUtilisationIsThe95thPercentile() throws Exception {
        checkNetworkUtilisationIsThe95thPercentile();
    }

    @Test
    public void advancedReportsNeedPremium() throws Exception {
        checkAdvancedReportsNeedPremium();
    }

    @Test
    public void scheduledReportsAreEmailedWithTheirCsvAndChart() throws Exception {
        checkScheduledReportsAreEmailedWithTheirCsvAndChart();
    }

    @Test
    public void webhooksAreSignedRetriedAndDeliveredInOrder() throws Exception {
        checkWebhooksAreSignedRetriedAndDeliveredInOrder();
    }

    @Test
    public void webhooksAreValidatedGatedAndIsolated() throws Exception {
        checkWebhooksAreValidatedGatedAndIsolated();
    }

    @Test
    public void anOverduePaymentOpensATicketAndCallsAWebhook() throws Exception {
        checkAnOverduePaymentOpensATicketAndCallsAWebhook();
    }

    @Test
    public void rulesAreValidatedDryRunGatedAndIsolated() throws Exception {
        checkRulesAreValidatedDryRunGatedAndIsolated();
    }

    @Test
    public void aTenantLosingThePluginKeepsItsRulesStopped() throws Exception {
        checkATenantLosingThePluginKeepsItsRulesStopped();
    }

    @Test
    public void loopsAreStoppedAndFailuresRetriedFromTheFailedAction() throws Exception {
        checkLoopsAreStoppedAndFailuresRetriedFromTheFailedAction();
    }

    @Test
    public void customerTagsAreSetByHandAndByRules() throws Exception {
        checkCustomerTagsAreSetByHandAndByRules();
    }

    @Test
    public void cronRulesRunOnceWhenDue() throws Exception {
        checkCronRulesRunOnceWhenDue();
    }

    @Test
    public void runsBeyondTheTenantsRateAreLimited() throws Exception {
        checkRunsBeyondTheTenantsRateAreLimited();
    }

    @Test
    public void radiusAccountsAreValidatedAndIsolated() throws Exception {
        new RadiusChecks(this).accountsAreValidatedAndIsolated();
    }

    @Test
    public void freeRadiusAuthenticatesFromDotMacAndEnforcesSuspension() throws Exception {
        new RadiusChecks(this).freeRadiusAuthenticatesFromDotMacAndEnforcesSuspension();
    }

    @Test
    public void customerPortalEmailedLinkSignsIn() throws Exception {
        new CustomerPortalChecks(this).theEmailedLinkSignsIn(this);
    }

    @Configuration
    public Option[] config() {
        return OptionUtils.combine(PostgresDatabase.create(getClass()), automation());
    }
}
