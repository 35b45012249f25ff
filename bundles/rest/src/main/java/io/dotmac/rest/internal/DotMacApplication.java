package io.dotmac.rest.internal;

import javax.ws.rs.core.Application;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationBase;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

import io.dotmac.rest.DotMacRest;

/**
 * The one DotMac JAX-RS application at {@code /api}. It comes up only once its JSON provider, problem mapper,
 * request-id filter, authentication filter and licence filter are bound, so no request is ever answered without
 * them (it fails closed while the security or licensing bundle is down).
 */
@Component(service = Application.class)
@JaxrsName(DotMacRest.APPLICATION_NAME)
@JaxrsApplicationBase(DotMacRest.APPLICATION_BASE)
@JaxrsExtensionSelect({
    "(" + Extensions.PROPERTY + "=" + Extensions.JSON + ")",
    "(" + Extensions.PROPERTY + "=" + Extensions.PROBLEMS + ")",
    "(" + Extensions.PROPERTY + "=" + Extensions.REQUEST_ID + ")",
    "(" + Extensions.PROPERTY + "=" + DotMacRest.AUTH_EXTENSION + ")",
    "(" + Extensions.PROPERTY + "=" + DotMacRest.LICENSE_EXTENSION + ")"
})
public class DotMacApplication extends Application {
}
