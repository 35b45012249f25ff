package io.dotmac.rest.internal;

import javax.servlet.Filter;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterServlet;

/**
 * The {@link RewireGapFilter} in front of the JAX-RS whiteboard's servlet in the default HTTP context, which gets
 * every path outside {@code /api}. The whiteboard's default application has no resources and so no server of its
 * own; CXF's shared destination registry hands those paths to the DotMac application (published at {@code /}),
 * which answers them with its problem+json 404. They therefore fall into the same gap while that application is
 * rebuilt. Only that servlet (by name) is guarded: another servlet's HTML 404 is a real answer.
 */
@Component(service = Filter.class, immediate = true)
@HttpWhiteboardFilterServlet(OutsideApiGapFilter.CXF_SERVLET)
@HttpWhiteboardContextSelect("(" + HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_NAME + "="
        + HttpWhiteboardConstants.HTTP_WHITEBOARD_DEFAULT_CONTEXT_NAME + ")")
public class OutsideApiGapFilter extends RewireGapFilter {

    /** The name Aries JAX-RS Whiteboard gives the servlet of each application. */
    static final String CXF_SERVLET = "cxf-servlet";

    @Activate
    public OutsideApiGapFilter(@Reference ApplicationRedeployer redeployer) {
        super(redeployer);
    }
}
