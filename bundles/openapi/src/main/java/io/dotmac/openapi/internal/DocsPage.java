package io.dotmac.openapi.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.CacheControl;
import javax.ws.rs.core.Response;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import io.dotmac.platform.api.Access;
import io.dotmac.platform.api.NotFoundException;
import io.dotmac.rest.core.ApiMember;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * {@code /api/docs/}: the API reference page, Swagger UI (from its WebJar, built into this bundle; nothing is fetched
 * from elsewhere) showing {@code /api/v1/openapi.json}. Once a token is given to its "Authorize" dialog, the page
 * loads the document again with it, so it shows the endpoints of the plugins the caller's tenant may use. Only the
 * page's own files are served, with a content security policy that allows nothing from other origins.
 */
@Component(service = ApiMember.class, property = ApiMember.MEMBER_PROPERTY + "=" + ApiMember.API_DOCS)
@Path("docs")
@Access(Access.Level.ANONYMOUS)
@Hidden
public class DocsPage implements ApiMember {

    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";
    private static final CacheControl REVALIDATE = CacheControl.valueOf("no-cache");

    /** Each file of the page: its place in this bundle and its type. */
    private record File(String resource, String type) {
    }

    private final Map<String, File> files;
    private final BundleContext context;

    @Activate
    public DocsPage(BundleContext context) {
        this.context = context;
        String ui = "/META-INF/resources/webjars/swagger-ui/"
                + context.getBundle().getHeaders("").get("DotMac-SwaggerUI-Version") + "/";
        this.files = Map.of(
                "index.html", new File("/docs/index.html", "text/html; charset=utf-8"),
                "init.js", new File("/docs/init.js", "text/javascript; charset=utf-8"),
                "swagger-ui-bundle.js", new File(ui + "swagger-ui-bundle.js", "text/javascript; charset=utf-8"),
                "swagger-ui.css", new File(ui + "swagger-ui.css", "text/css; charset=utf-8"),
                "favicon-32x32.png", new File(ui + "favicon-32x32.png", "image/png"),
                "swagger-ui-bundle.js.LICENSE.txt", new File(ui + "swagger-ui-bundle.js.LICENSE.txt",
                        "text/plain; charset=utf-8"));
    }

    @GET
    @Produces("text/html")
    public Response page() throws IOException {
        return file("index.html");
    }

    @GET
    @Path("{file}")
    @Produces("*/*")
    public Response file(@PathParam("file") String name) throws IOException {
        File file = files.get(name);
        URL url = file == null ? null : context.getBundle().getEntry(file.resource());
        if (url == null) {
            throw new NotFoundException("No file '" + name + "' in the API reference page");
        }
        // streamed from the bundle (CXF closes it): Swagger UI's script is 1.7 MB, not worth a copy per request
        InputStream body = url.openStream();
        return Response.ok(body, file.type())
                .cacheControl(REVALIDATE)
                .header("Content-Security-Policy", CSP)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .build();
    }
}
