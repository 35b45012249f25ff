package io.dotmac.escapeplugin;

import java.io.IOException;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/** Escape 4: a servlet of the HTTP whiteboard at {@code /escape-servlet/*}. */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/escape-servlet/*")
public class EscapeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.getWriter().write("escaped");
    }
}
