package io.dotmac.bench.bare;

import java.util.Set;

import javax.ws.rs.core.Application;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationBase;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

/**
 * A whiteboard application at {@code /bare} that none of DotMac's extensions select, carrying its one resource
 * itself. (Registering the resource separately, at the same moment as the application, made Aries JAX-RS 2.0.2
 * fail with "There is an endpoint already running on /".)
 */
@Component(service = Application.class)
@JaxrsName("dotmac.bench.bare")
@JaxrsApplicationBase("bare")
public class BareApplication extends Application {

    @Override
    public Set<Object> getSingletons() {
        return Set.of(new BarePing());
    }
}
