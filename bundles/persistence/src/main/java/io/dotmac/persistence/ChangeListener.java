package io.dotmac.persistence;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Hears the {@link ClusterChanges} of the kinds its service property {@value #KIND_PROPERTY} names (one or several),
 * on every node, the changing node included: it reads what changed again. Called on the cluster's listening thread:
 * keep it short.
 *
 * @since 4.2
 */
@ConsumerType
public interface ChangeListener {

    /** The service property naming the kind heard. */
    String KIND_PROPERTY = "dotmac.change.kind";

    /** {@code key} of {@code kind} changed (committed): read it again. */
    void changed(String kind, String key);

    /** Anything of its kinds may have changed (changes may have been missed): read it all again. */
    void reloadAll();
}
