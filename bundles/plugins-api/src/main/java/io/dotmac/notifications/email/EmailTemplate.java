package io.dotmac.notifications.email;

import java.util.List;

/**
 * A tenant's template of an event: FreeMarker text for the subject and the plain-text body; {@code custom} is false
 * for the shipped default. {@code variables} lists what the templates may use.
 */
public record EmailTemplate(String event, String subject, String body, boolean custom, List<String> variables) {

    /** What a client sends: both parts, FreeMarker text. */
    public record Input(String subject, String body) {
    }

    /** A rendering with sample data. */
    public record Preview(String subject, String body) {
    }
}
