package io.dotmac.notifications.email;

import java.util.Objects;

/** A file sent with an e-mail: its name, its media type and its bytes. */
public record EmailAttachment(String filename, String contentType, byte[] content) {

    public EmailAttachment {
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(content, "content");
    }
}
