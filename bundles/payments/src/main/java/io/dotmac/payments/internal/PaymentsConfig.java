package io.dotmac.payments.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The configuration of online_payments (PID {@value #PID}). */
@ObjectClassDefinition(name = "DotMac online payments", description = "Payment gateways, autopay and its schedule")
public @interface PaymentsConfig {

    String PID = "io.dotmac.payments";

    @AttributeDefinition(description = "Where the Stripe SDK sends its calls: Stripe's API, or a local fake in tests")
    String stripeApiBase() default "https://api.stripe.com";

    @AttributeDefinition(description = "The origin of Stripe's hosted checkout (the pay page's form-action policy); "
            + "empty: the origin of stripeApiBase when that is not Stripe's")
    String stripeCheckoutOrigin() default "https://checkout.stripe.com";

    @AttributeDefinition(description = "Milliseconds the Stripe SDK waits to connect and for an answer")
    int stripeTimeoutMillis() default 30000;

    @AttributeDefinition(description = "Autopay's attempts: days after the due date (the first on the due date)")
    String autopayRetryDays() default "0,3,7";

    @AttributeDefinition(description = "Seconds between two autopay runs over every tenant with autopay customers "
            + "(one node runs them, holding a lease)")
    int autopayTickSeconds() default 3600;
}
