package io.dotmac.reporting.advanced.internal;

/** The plugin's constants. */
final class AdvancedReports {

    static final String PLUGIN = "advanced_reporting";

    private AdvancedReports() {
    }
}
