package io.dotmac.health.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dotmac.platform.api.DotMacPlugin;
import io.dotmac.platform.api.PluginEndpoint;

/**
 * Whether the API has finished starting. The REST application is fixed and deployed once (health answering at all
 * says it is); what comes later at boot are the plugins' endpoints, whose components start when their bundle's
 * services (the database, migrations) are there. The API has started when no {@link PluginEndpoint} component of an
 * active plugin bundle is still waiting for a service: until then that plugin's paths would answer 404. Once the
 * API has started this is not computed again (installing or removing a plugin later never makes the instance
 * unhealthy), and after {@value #TIMEOUT_SECONDS} s it is given up on with a warning naming what never came, so one
 * broken plugin cannot keep an instance out of service.
 */
@Component(service = ApiStartup.class)
public class ApiStartup {

    static final long TIMEOUT_SECONDS = 120;
    private static final Logger LOG = LoggerFactory.getLogger(ApiStartup.class);
    private static final String ENDPOINT = PluginEndpoint.class.getName();

    private final BundleContext context;
    private final ServiceComponentRuntime scr;
    private final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    private volatile boolean started;

    @Activate
    public ApiStartup(BundleContext context, @Reference ServiceComponentRuntime scr) {
        this.context = context;
        this.scr = scr;
    }

    /** What the API still waits for: empty once it has started (or was given up on). */
    List<String> waitingFor() {
        if (started) {
            return List.of();
        }
        List<String> waiting = waiting();
        if (waiting.isEmpty()) {
            started = true;
            LOG.info("The API has started: every endpoint of every active plugin is served");
        } else if (System.nanoTime() - deadline > 0) {
            started = true;
            LOG.warn("The API started without {}: still missing {} s after the health check started", waiting,
                    TIMEOUT_SECONDS);
            return List.of();
        }
        return waiting;
    }

    private List<String> waiting() {
        List<EndpointComponent> components = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getState() != Bundle.ACTIVE || !plugin(bundle)) {
                continue;
            }
            for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs(bundle)) {
                if (List.of(description.serviceInterfaces).contains(ENDPOINT) && scr.isComponentEnabled(description)) {
                    components.add(new EndpointComponent(description.name,
                            scr.getComponentConfigurationDTOs(description).stream().map(c -> c.state).toList()));
                }
            }
        }
        return waiting(components);
    }

    /** The endpoint components still to come, given each one's configurations' states. */
    static List<String> waiting(Collection<EndpointComponent> components) {
        // only a component waiting for services will still come: one without a configuration lacks one it requires,
        // and one whose activation failed has failed; waiting for either would be in vain
        List<String> waiting = new ArrayList<>();
        for (EndpointComponent component : components) {
            if (component.states().stream().anyMatch(s -> s == ComponentConfigurationDTO.UNSATISFIED_REFERENCE)) {
                waiting.add(component.name());
            }
        }
        return waiting;
    }

    private static boolean plugin(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        return revision != null && !revision.getDeclaredCapabilities(DotMacPlugin.NAMESPACE).isEmpty();
    }

    /** A plugin endpoint component and the states of its configurations. */
    record EndpointComponent(String name, List<Integer> states) {
    }
}
