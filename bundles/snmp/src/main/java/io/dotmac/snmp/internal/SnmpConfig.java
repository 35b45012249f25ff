package io.dotmac.snmp.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code io.dotmac.snmp} ({@code etc/io.dotmac.snmp.cfg}); read when the client starts. */
@ObjectClassDefinition(name = "DotMac SNMP client")
public @interface SnmpConfig {

    @AttributeDefinition(description = "At most this many requests in flight at once; the rest wait for a slot")
    int maxInFlight() default 256;

    @AttributeDefinition(description = "GETBULK max-repetitions of an agent polled for the first time (later: its row count + 1, "
            + "at most 240 values per request)")
    int maxRepetitions() default 10;

    @AttributeDefinition(description = "Threads decoding answers (SNMPv3 decryption included)")
    int dispatcherThreads() default 2;

    @AttributeDefinition(description = "Local address the client's UDP socket binds to (an IP address; the port is "
            + "chosen by the system). 0.0.0.0: every interface, which reaches devices on any network; the address of "
            + "the management interface keeps the socket off the others")
    String bindAddress() default "0.0.0.0";

    @AttributeDefinition(description = "UDP receive buffer of the client's socket, in bytes")
    int receiveBufferBytes() default 4194304;
}
