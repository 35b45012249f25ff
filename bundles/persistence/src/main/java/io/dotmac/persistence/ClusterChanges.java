package io.dotmac.persistence;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Changes of what nodes cache, told to every node of the deployment (several DotMac instances on one database). A
 * bundle that caches rows calls {@link #changed} in the transaction that changes them; every node's
 * {@link ChangeListener}s of that kind hear it once it commits (the changing node's too), and read the rows again.
 *
 * <p>On PostgreSQL the message is a {@code NOTIFY} on channel {@value #CHANNEL} sent in the changing transaction, so
 * PostgreSQL delivers it only on commit, to every node's listening connection. A node whose listening connection was
 * lost has its listeners {@link ChangeListener#reloadAll reload everything} once it is back, and every node does so
 * every {@code reloadSeconds} as a safety net. On H2 (one node) the message is delivered after commit in this JVM.
 *
 * @since 4.2
 */
@ProviderType
public interface ClusterChanges {

    /** The PostgreSQL channel. */
    String CHANNEL = "dotmac_changes";

    /**
     * Tells every node that {@code key} of {@code kind} changed, once the current transaction commits (at once
     * outside one).
     *
     * @param kind a listener kind: lower case, digits and {@code -}, at most 40 characters
     * @param key  what changed (a tenant's or a user's id), at most 200 characters, no line breaks
     */
    void changed(String kind, String key);
}
