package io.dotmac.reporting.basic.internal;

/** The plugin's constants. */
final class BasicReports {

    static final String PLUGIN = "basic_reporting";

    private BasicReports() {
    }
}
