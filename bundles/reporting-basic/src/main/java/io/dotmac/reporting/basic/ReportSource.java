package io.dotmac.reporting.basic;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

import io.dotmac.platform.api.TenantRef;

/**
 * Computes one report for a tenant, registered as a service with {@value #NAME} = the report's name and {@value
 * #PLUGIN} = the plugin that licenses it. The REST resources serve them, and scheduled reports run them by name.
 */
@ConsumerType
public interface ReportSource {

    /** The service property naming the report ({@code revenue}). */
    String NAME = "io.dotmac.report";

    /** The service property naming the plugin the report belongs to ({@code basic_reporting}). */
    String PLUGIN = "io.dotmac.plugin";

    /**
     * The report for {@code tenant} with these parameters (query parameters: strings, as a client sends them).
     * Unknown parameters are ignored.
     *
     * @throws io.dotmac.platform.api.ValidationException naming each invalid parameter
     */
    Report generate(TenantRef tenant, Map<String, String> parameters);
}
