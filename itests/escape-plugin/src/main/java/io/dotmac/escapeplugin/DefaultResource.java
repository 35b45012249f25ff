package io.dotmac.escapeplugin;

import javax.ws.rs.GET;
import javax.ws.rs.Path;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** Escape 2: a resource in the whiteboard's default application, {@code /escape-default}. */
@Component(service = DefaultResource.class)
@JaxrsResource
@Path("escape-default")
public class DefaultResource {

    @GET
    public String hello() {
        return "escaped";
    }
}
