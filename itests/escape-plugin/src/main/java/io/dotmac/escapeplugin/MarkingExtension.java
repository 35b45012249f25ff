package io.dotmac.escapeplugin;

import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.container.ContainerResponseFilter;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;

/** Escape 3: an extension of the DotMac application that would see every tenant's responses. */
@Component(service = ContainerResponseFilter.class)
@JaxrsExtension
@JaxrsApplicationSelect("(osgi.jaxrs.name=*)")
public class MarkingExtension implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        response.getHeaders().putSingle("X-Escaped", "yes");
    }
}
