package io.dotmac.notifications.email.internal;

import java.util.List;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.dotmac.notifications.email.EmailEvent;
import io.dotmac.notifications.email.EmailMessage;
import io.dotmac.notifications.email.EmailNotifications;
import io.dotmac.notifications.email.EmailSettings;
import io.dotmac.notifications.email.EmailTemplate;
import io.dotmac.platform.api.Access;
import io.dotmac.platform.api.NotFoundException;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.PluginEndpoint;
import io.dotmac.platform.api.ValidationException;
import io.dotmac.rest.Callers;

/** {@code /api/v1/notifications}: the current tenant's e-mail outbox, templates and sender settings. */
@Component(service = PluginEndpoint.class)
@PluginEndpoint.Root("notifications")
@Produces(MediaType.APPLICATION_JSON)
public class NotificationsResource implements PluginEndpoint {

    private static final List<String> STATUSES = List.of("PENDING", "SENDING", "SENT", "FAILED");

    private final EmailNotifications email;

    @Activate
    public NotificationsResource(@Reference EmailNotifications email) {
        this.email = email;
    }

    private static EmailEvent event(String key) {
        EmailEvent event = EmailEvent.of(key);
        if (event == null) {
            throw new NotFoundException("No e-mail event '" + key + "'; the events are "
                    + String.join(", ", java.util.Arrays.stream(EmailEvent.values()).map(EmailEvent::key).toList()));
        }
        return event;
    }

    @GET
    public Page<EmailMessage> messages(@QueryParam("status") String status, @QueryParam("event") String event,
            @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor,
            @Context SecurityContext security) {
        if (status != null && !STATUSES.contains(status)) {
            throw new ValidationException("status", "must be one of " + String.join(", ", STATUSES));
        }
        EmailEvent e = null;
        if (event != null) {
            e = EmailEvent.of(event);
            if (e == null) {
                throw new ValidationException("event", "must be one of " + String.join(", ",
                        java.util.Arrays.stream(EmailEvent.values()).map(EmailEvent::key).toList()));
            }
        }
        return email.messages(Callers.tenant(security), status, e, Page.limit(limit), cursor);
    }

    @GET
    @Path("templates")
    public List<EmailTemplate> templates(@Context SecurityContext security) {
        return email.templates(Callers.tenant(security));
    }

    @GET
    @Path("templates/{event}")
    public EmailTemplate template(@PathParam("event") String event, @Context SecurityContext security) {
        return email.template(Callers.tenant(security), event(event));
    }

    @PUT
    @Path("templates/{event}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(Access.Level.TENANT_ADMIN)
    public EmailTemplate putTemplate(@PathParam("event") String event, EmailTemplate.Input input,
            @Context SecurityContext security) {
        return email.putTemplate(Callers.tenant(security), event(event), input);
    }

    @DELETE
    @Path("templates/{event}")
    @Access(Access.Level.TENANT_ADMIN)
    public EmailTemplate resetTemplate(@PathParam("event") String event, @Context SecurityContext security) {
        return email.resetTemplate(Callers.tenant(security), event(event));
    }

    @POST
    @Path("templates/{event}/preview")
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(Access.Level.TENANT_READ)
    public EmailTemplate.Preview preview(@PathParam("event") String event, EmailTemplate.Input input,
            @Context SecurityContext security) {
        return email.preview(Callers.tenant(security), event(event), input);
    }

    @GET
    @Path("settings")
    @Access(Access.Level.TENANT_ADMIN)
    public EmailSettings settings(@Context SecurityContext security) {
        return email.settings(Callers.tenant(security));
    }

    @PUT
    @Path("settings")
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(Access.Level.TENANT_ADMIN)
    public EmailSettings updateSettings(EmailSettings changes, @Context SecurityContext security) {
        return email.updateSettings(Callers.tenant(security), changes);
    }
}
