package io.dotmac.health.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.jaxrs.runtime.JaxrsServiceRuntime;
import org.osgi.service.jaxrs.runtime.dto.ApplicationDTO;
import org.osgi.service.jaxrs.runtime.dto.BaseDTO;
import org.osgi.service.jaxrs.runtime.dto.RuntimeDTO;
import org.osgi.service.jaxrs.whiteboard.JaxrsWhiteboardConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dotmac.platform.api.DotMacPlugin;
import io.dotmac.rest.DotMacRest;

/**
 * Whether the API has finished starting: every JAX-RS resource of every active DotMac bundle (ours, and plugins
 * declaring the {@code io.dotmac.plugin} capability) has come up and the whiteboard has deployed it. Components
 * start one after the other while the instance boots, seconds after the database is up; until then a plugin's
 * endpoint would answer 404. Once the API has started this is not checked again (installing or removing a plugin
 * later never makes the instance unhealthy), and after {@value #TIMEOUT_SECONDS} s it is given up on with a warning
 * naming what never came, so one broken plugin cannot keep an instance out of service.
 */
@Component(service = ApiStartup.class)
public class ApiStartup {

    static final long TIMEOUT_SECONDS = 120;
    private static final Logger LOG = LoggerFactory.getLogger(ApiStartup.class);

    private final BundleContext context;
    private final ServiceComponentRuntime scr;
    private final JaxrsServiceRuntime jaxrs;
    private final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    private volatile boolean started;

    @Activate
    public ApiStartup(BundleContext context, @Reference ServiceComponentRuntime scr,
            @Reference JaxrsServiceRuntime jaxrs) {
        this.context = context;
        this.scr = scr;
        this.jaxrs = jaxrs;
    }

    /** What the API still waits for: empty once it has started (or was given up on). */
    List<String> waitingFor() {
        if (started) {
            return List.of();
        }
        List<String> waiting = waiting();
        if (waiting.isEmpty()) {
            started = true;
            LOG.info("The API has started: every endpoint of every DotMac bundle is deployed");
        } else if (System.nanoTime() - deadline > 0) {
            started = true;
            LOG.warn("The API started without {}: still missing {} s after the health check started", waiting,
                    TIMEOUT_SECONDS);
            return List.of();
        }
        return waiting;
    }

    private List<String> waiting() {
        List<ResourceComponent> components = new ArrayList<>();
        Set<Long> registered = new HashSet<>();
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getState() != Bundle.ACTIVE || !dotmac(bundle)) {
                continue;
            }
            for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs(bundle)) {
                if (resource(description.properties.get(JaxrsWhiteboardConstants.JAX_RS_RESOURCE))
                        && scr.isComponentEnabled(description)) {
                    components.add(new ResourceComponent(description.name,
                            scr.getComponentConfigurationDTOs(description).stream().map(c -> c.state).toList()));
                }
            }
            ServiceReference<?>[] services = bundle.getRegisteredServices();
            for (ServiceReference<?> service : services == null ? new ServiceReference<?>[0] : services) {
                if (resource(service.getProperty(JaxrsWhiteboardConstants.JAX_RS_RESOURCE))) {
                    registered.add((Long) service.getProperty(org.osgi.framework.Constants.SERVICE_ID));
                }
            }
        }
        RuntimeDTO runtime = jaxrs.getRuntimeDTO();
        boolean application = false;
        Set<Long> deployed = new HashSet<>();
        for (ApplicationDTO app : runtime.applicationDTOs) {
            application |= DotMacRest.APPLICATION_NAME.equals(app.name);
            add(deployed, app.resourceDTOs);
        }
        add(deployed, runtime.defaultApplication == null ? null : runtime.defaultApplication.resourceDTOs);
        add(deployed, runtime.failedResourceDTOs);
        return waiting(application, components, registered, deployed);
    }

    /**
     * What is missing, given whether our application is deployed, the resource components of the DotMac bundles
     * with their configurations' states, the resource services those bundles registered, and the services the
     * whiteboard has dealt with (deployed, or failed: either way decided).
     */
    static List<String> waiting(boolean application, Collection<ResourceComponent> components, Set<Long> registered,
            Set<Long> deployed) {
        List<String> waiting = new ArrayList<>();
        if (!application) {
            waiting.add("the " + DotMacRest.APPLICATION_NAME + " application");
        }
        // only a component waiting for services will still come: one without a configuration lacks one it requires,
        // and one whose activation failed has failed; waiting for either would be in vain
        for (ResourceComponent component : components) {
            if (component.states().stream().anyMatch(s -> s == ComponentConfigurationDTO.UNSATISFIED_REFERENCE)) {
                waiting.add(component.name());
            }
        }
        long undeployed = registered.stream().filter(id -> !deployed.contains(id)).count();
        if (undeployed > 0) {
            waiting.add(undeployed + " resource service(s) not deployed yet");
        }
        return waiting;
    }

    private static boolean dotmac(Bundle bundle) {
        String name = bundle.getSymbolicName();
        if (name != null && name.startsWith("io.dotmac.")) {
            return true;
        }
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        return revision != null && !revision.getDeclaredCapabilities(DotMacPlugin.NAMESPACE).isEmpty();
    }

    private static boolean resource(Object property) {
        return Boolean.TRUE.equals(property) || "true".equalsIgnoreCase(String.valueOf(property));
    }

    private static void add(Set<Long> ids, BaseDTO[] dtos) {
        if (dtos != null) {
            for (BaseDTO dto : dtos) {
                ids.add(dto.serviceId);
            }
        }
    }

    /** A JAX-RS resource component and the states of its configurations. */
    record ResourceComponent(String name, List<Integer> states) {
    }
}
