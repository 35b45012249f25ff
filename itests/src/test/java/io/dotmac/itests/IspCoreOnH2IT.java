package io.dotmac.itests;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

@RunWith(DotMacPaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class IspCoreOnH2IT extends TicketsAndUsersSuite {

    @Test
    public void customersAreCreatedReadSearchedChangedAndClosed() throws Exception {
        checkCustomersAreCreatedReadSearchedChangedAndClosed();
    }

    @Test
    public void badCustomerInputIsNamedAndWritesNothing() throws Exception {
        checkBadCustomerInputIsNamedAndWritesNothing();
    }

    @Test
    public void requestBodiesAreLimited() throws Exception {
        checkRequestBodiesAreLimited();
    }

    @Test
    public void anotherTenantCanNeitherSeeNorTouchACustomer() throws Exception {
        checkAnotherTenantCanNeitherSeeNorTouchACustomer();
    }

    @Test
    public void customerLimitHoldsUnderParallelCreates() throws Exception {
        checkCustomerLimitHoldsUnderParallelCreates();
    }

    @Test
    public void readonlyUsersAndSwitchedOffPluginAreRefused() throws Exception {
        checkReadonlyUsersAndSwitchedOffPluginAreRefused();
    }

    @Test
    public void customerListCommandShowsTheTenantsCustomers() throws Exception {
        checkCustomerListCommandShowsTheTenantsCustomers();
    }

    @Test
    public void plansKeepExactPricesAndStayInTheirTenant() throws Exception {
        checkPlansKeepExactPricesAndStayInTheirTenant();
    }

    @Test
    public void badPlanInputIsNamedAndWritesNothing() throws Exception {
        checkBadPlanInputIsNamedAndWritesNothing();
    }

    @Test
    public void subscriptionsTieACustomerToAPlanAndCancel() throws Exception {
        checkSubscriptionsTieACustomerToAPlanAndCancel();
    }

    @Test
    public void badSubscriptionInputIsNamedAndWritesNothing() throws Exception {
        checkBadSubscriptionInputIsNamedAndWritesNothing();
    }

    @Test
    public void invoicesAreIssuedPaidAndVoidedWithExactTotals() throws Exception {
        checkInvoicesAreIssuedPaidAndVoidedWithExactTotals();
    }

    @Test
    public void invoiceNumbersStayGaplessUnderConcurrentIssuing() throws Exception {
        checkInvoiceNumbersStayGaplessUnderConcurrentIssuing();
    }

    @Test
    public void invoicePdfShowsTheInvoice() throws Exception {
        checkInvoicePdfShowsTheInvoice();
    }

    @Test
    public void invoicesAreFoundByNumberOrTextAndExportedAsCsv() throws Exception {
        checkInvoicesAreFoundByNumberOrTextAndExportedAsCsv();
    }

    @Test
    public void creditNotesRefundsAndDiscountsCorrectAnIssuedInvoice() throws Exception {
        checkCreditNotesRefundsAndDiscountsCorrectAnIssuedInvoice();
    }

    @Test
    public void badInvoiceInputIsNamedAndWritesNothing() throws Exception {
        checkBadInvoiceInputIsNamedAndWritesNothing();
    }

    @Test
    public void anotherTenantCanNeitherSeeNorTouchAnInvoice() throws Exception {
        checkAnotherTenantCanNeitherSeeNorTouchAnInvoice();
    }

    @Test
    public void invoiceListCommandShowsTheTenantsInvoices() throws Exception {
        checkInvoiceListCommandShowsTheTenantsInvoices();
    }

    @Test
    public void adminsManageUsersAndTheLastAdminStays() throws Exception {
        checkAdminsManageUsersAndTheLastAdminStays();
    }

    @Test
    public void twoAdminsDemotingEachOtherLeaveOne() throws Exception {
        checkTwoAdminsDemotingEachOtherLeaveOne();
    }

    @Test
    public void badUserInputIsNamedAndWritesNothing() throws Exception {
        checkBadUserInputIsNamedAndWritesNothing();
    }

    @Test
    public void ticketsMoveThroughTheirLifeWithCommentsAndAssignee() throws Exception {
        checkTicketsMoveThroughTheirLifeWithCommentsAndAssignee();
    }

    @Test
    public void badTicketInputIsNamedAndWritesNothing() throws Exception {
        checkBadTicketInputIsNamedAndWritesNothing();
    }

    @Test
    public void ticketListCommandShowsTheTenantsTickets() throws Exception {
        checkTicketListCommandShowsTheTenantsTickets();
    }

    @Test
    public void anotherTenantReachesNoneOfTheCoreEndpoints() throws Exception {
        checkAnotherTenantReachesNoneOfTheCoreEndpoints();
    }

    @Test
    public void closingACustomerWhileIssuingNeverLeavesAClosedDebtor() throws Exception {
        checkClosingACustomerWhileIssuingNeverLeavesAClosedDebtor();
    }

    @Test
    public void customerPortalSubscribersSeeOnlyTheirOwnRows() throws Exception {
        new CustomerPortalChecks(this).subscribersSeeOnlyTheirOwnRows();
    }

    @Configuration
    public Option[] config() {
        return distribution("H2", tenancy());
    }
}
