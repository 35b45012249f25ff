package io.dotmac.escapeplugin;

import java.util.Set;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.core.Application;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationBase;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

/** Escape 1: a JAX-RS application of its own at {@code /escape-app}, with no authentication and no licence. */
@Component(service = Application.class)
@JaxrsName("escape")
@JaxrsApplicationBase("escape-app")
public class OwnApplication extends Application {

    @Override
    public Set<Object> getSingletons() {
        return Set.of(new Hello());
    }

    /** {@code GET /escape-app/hello}. */
    @Path("hello")
    public static class Hello {
        @GET
        public String hello() {
            return "escaped";
        }
    }
}
