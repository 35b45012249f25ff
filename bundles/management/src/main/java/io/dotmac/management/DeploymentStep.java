package io.dotmac.management;

/** The steps of a deployment job, in the order they run (and, compensated, in reverse). */
public enum DeploymentStep {
    PROVISION, DEPLOY, CONFIGURE_DNS, CONFIGURE_TLS, INITIALIZE_TENANT, VALIDATE, WELCOME
}
