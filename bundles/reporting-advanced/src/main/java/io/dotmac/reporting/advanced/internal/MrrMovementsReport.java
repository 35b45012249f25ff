package io.dotmac.reporting.advanced.internal;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.dotmac.platform.api.TenantRef;
import io.dotmac.reporting.basic.Report;
import io.dotmac.reporting.basic.ReportSource;

/** {@code mrr/movements}: new, expansion, contraction and churned MRR per month and currency (see {@link MrrReport}). */
@Component(property = { ReportSource.NAME + "=mrr/movements", ReportSource.PLUGIN + "=" + AdvancedReports.PLUGIN })
public class MrrMovementsReport implements ReportSource {

    private final MrrReport mrr;

    @Activate
    public MrrMovementsReport(@Reference MrrReport mrr) {
        this.mrr = mrr;
    }

    @Override
    public Report generate(TenantRef tenant, Map<String, String> parameters) {
        return mrr.generate(tenant, parameters, true);
    }
}
