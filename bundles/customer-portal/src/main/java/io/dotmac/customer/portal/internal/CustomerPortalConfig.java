package io.dotmac.customer.portal.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The customer portal's configuration (PID {@value #PID}). */
@ObjectClassDefinition(name = "DotMac customer portal", description = "Subscribers' sign-in to /customer/")
public @interface CustomerPortalConfig {

    String PID = "io.dotmac.customer.portal";

    @AttributeDefinition(description = "The address subscribers reach this instance at: sign-in links are made with "
            + "it (never with the request's Host header, which anyone can set)")
    String publicUrl() default "http://localhost:8181";

    @AttributeDefinition(description = "Minutes a sign-in link is valid (it is used once)")
    int linkMinutes() default 15;

    @AttributeDefinition(description = "Hours a subscriber's session lasts")
    int sessionHours() default 8;

    @AttributeDefinition(description = "Sign-in links one e-mail address may ask for in 15 minutes (per node)")
    int linksPerAddress() default 3;

    @AttributeDefinition(description = "Sign-in links one client address may ask for in 15 minutes (per node)")
    int linksPerClient() default 20;
}
