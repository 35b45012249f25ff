package io.dotmac.rest.internal;

import java.util.Dictionary;
import java.util.Hashtable;

import javax.servlet.Filter;
import javax.servlet.Servlet;

import org.osgi.annotation.bundle.Header;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;
import org.osgi.util.tracker.ServiceTracker;

import io.dotmac.rest.DotMacRest;

/**
 * Registers the {@link ApiUnavailableServlet} and the {@link ApiGateFilter} (which runs the request limits) with the
 * HTTP whiteboard as the bundle starts, without waiting for
 * Declarative Services: the bundle starts before the HTTP runtime (its feature gives it an earlier start level), so
 * from the moment the port is open a request to {@code /api} gets a 503 problem, never Jetty's 404.
 */
@Header(name = Constants.BUNDLE_ACTIVATOR, value = "${@class}")
public class Activator implements BundleActivator {

    private ServiceRegistration<Servlet> registration;
    private ServiceRegistration<Filter> gateRegistration;
    private ServiceRegistration<Servlet> notFoundRegistration;
    private ServiceTracker<Filter, Filter> limits;

    @Override
    public void start(BundleContext context) throws InvalidSyntaxException {
        // this bundle's own request-limits filter, never one another bundle registers with the same property
        limits = new ServiceTracker<>(context, context.createFilter("(&(" + Constants.OBJECTCLASS + "="
                + Filter.class.getName() + ")(" + ApiGateFilter.LIMITS_PROPERTY + "=true)(" + Constants.SERVICE_BUNDLEID
                + "=" + context.getBundle().getBundleId() + "))"), null);
        limits.open();
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME, "dotmac-api-unavailable");
        properties.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN,
                "/" + DotMacRest.APPLICATION_BASE + "/*");
        properties.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_SELECT, "("
                + HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_NAME + "="
                + HttpWhiteboardConstants.HTTP_WHITEBOARD_DEFAULT_CONTEXT_NAME + ")");
        registration = context.registerService(Servlet.class, new ApiUnavailableServlet(), properties);
        Dictionary<String, Object> rest = new Hashtable<>();
        rest.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME, "dotmac-not-found");
        rest.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN, "/*");
        rest.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_SELECT, "("
                + HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_NAME + "="
                + HttpWhiteboardConstants.HTTP_WHITEBOARD_DEFAULT_CONTEXT_NAME + ")");
        // above the JAX-RS whiteboard's default application, whose servlet has the same pattern
        rest.put(Constants.SERVICE_RANKING, Integer.MAX_VALUE);
        notFoundRegistration = context.registerService(Servlet.class, new NotFoundServlet(), rest);
        Dictionary<String, Object> gate = new Hashtable<>();
        gate.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_FILTER_NAME, "dotmac-api-gate");
        gate.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_FILTER_PATTERN, "/*");
        // the context the JAX-RS whiteboard (Aries 2.0.2) creates for the application: "context.for" + its name
        gate.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_SELECT, "("
                + HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_NAME + "=context.for" + DotMacRest.APPLICATION_NAME
                + ")");
        gateRegistration = context.registerService(Filter.class, new ApiGateFilter(limits::getService), gate);
    }

    @Override
    public void stop(BundleContext context) {
        gateRegistration.unregister();
        registration.unregister();
        notFoundRegistration.unregister();
        limits.close();
    }
}
