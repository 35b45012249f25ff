/**
 * Serving reports over the DotMac REST API: content negotiation between JSON and CSV ({@code Accept} or {@code
 * ?format=}), and RFC 4180 CSV that spreadsheets open safely. Shared by the reporting plugins.
 */
@Version("1.0.0")
@Export
package io.dotmac.reporting.basic.web;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
