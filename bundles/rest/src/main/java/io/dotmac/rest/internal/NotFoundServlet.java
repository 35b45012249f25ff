package io.dotmac.rest.internal;

import java.io.IOException;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import io.dotmac.platform.api.NotFoundException;
import io.dotmac.rest.DotMacRest;

/**
 * Answers every path outside {@code /api} that nothing else serves: 404 problem+json naming the method and path,
 * like an unknown path inside the API, never CXF's HTML "No service was found" (of the JAX-RS whiteboard's empty
 * default application, which this servlet shadows: its pattern is the same and its ranking higher) or Jetty's page.
 * More specific registrations (the {@code /api} placeholder, the API's own context, a portal's pages) are not
 * affected; a path under {@code /api} that still comes here (at boot, before the placeholder is registered) gets the
 * placeholder's 503. The site's root ({@code GET /}) is sent to the ISP portal, {@code /portal/}.
 */
public class NotFoundServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI();
        String api = "/" + DotMacRest.APPLICATION_BASE;
        if (path.equals(api) || path.startsWith(api + "/")) {
            // reached only before the /api placeholder is registered (Pax Web may take this servlet first at boot)
            ApiUnavailableServlet.answer(request, response);
            return;
        }
        if ("/".equals(path) && ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()))) {
            // the site's root is the ISP portal's (the portal bundle serves /portal/*)
            response.setStatus(HttpServletResponse.SC_FOUND);
            response.setHeader("Location", "/portal/");
            return;
        }
        ApiUnavailableServlet.write(request, response, new NotFoundException("No resource at " + request.getMethod()
                + " " + request.getRequestURI()));
    }
}
