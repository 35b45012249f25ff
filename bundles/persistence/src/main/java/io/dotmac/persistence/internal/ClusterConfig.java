package io.dotmac.persistence.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The nodes of a deployment on one database ({@code etc/io.dotmac.cluster.cfg}). */
@ObjectClassDefinition(name = "DotMac cluster", description = "Several DotMac nodes on one PostgreSQL database")
public @interface ClusterConfig {

    @AttributeDefinition(description = "This node's name in dotmac:cluster-list (empty: Karaf's karaf.name).")
    String nodeName() default "";

    @AttributeDefinition(description = "How often this node writes its heartbeat (seconds).")
    int heartbeatSeconds() default 5;

    @AttributeDefinition(description = "A node whose heartbeat is older than this is gone (seconds).")
    int nodeTimeoutSeconds() default 30;

    @AttributeDefinition(description = "How often every cache is read again in full, whatever was told (seconds): "
            + "the safety net under the changes told through NOTIFY.")
    int reloadSeconds() default 300;
}
