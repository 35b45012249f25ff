package io.dotmac.persistence.internal;

import org.osgi.service.component.annotations.Component;

/**
 * A marker service present while the schema is migrated: the {@link DatabaseMonitor} enables this component
 * after a successful migration and disables it when it goes away. Components that need the tables reference it.
 */
@Component(service = SchemaReady.class, enabled = false)
public class SchemaReady {
}
