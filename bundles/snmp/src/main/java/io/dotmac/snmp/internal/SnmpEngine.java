package io.dotmac.snmp.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snmp4j.CommunityTarget;
import org.snmp4j.DirectUserTarget;
import org.snmp4j.MessageDispatcherImpl;
import org.snmp4j.PDU;
import org.snmp4j.ScopedPDU;
import org.snmp4j.Snmp;
import org.snmp4j.Target;
import org.snmp4j.event.ResponseEvent;
import org.snmp4j.event.ResponseListener;
import org.snmp4j.mp.MPv2c;
import org.snmp4j.mp.MPv3;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.security.AuthHMAC128SHA224;
import org.snmp4j.security.AuthHMAC192SHA256;
import org.snmp4j.security.AuthHMAC256SHA384;
import org.snmp4j.security.AuthHMAC384SHA512;
import org.snmp4j.security.AuthSHA;
import org.snmp4j.security.AuthenticationProtocol;
import org.snmp4j.security.PrivAES128;
import org.snmp4j.security.PrivAES192;
import org.snmp4j.security.PrivAES256;
import org.snmp4j.security.PrivacyProtocol;
import org.snmp4j.security.SecurityProtocols;
import org.snmp4j.security.USM;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.TimeTicks;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.smi.VariableBinding;
import org.snmp4j.transport.DefaultUdpTransportMapping;
import org.snmp4j.util.MultiThreadedMessageDispatcher;
import org.snmp4j.util.ThreadPool;

import io.dotmac.snmp.AgentInfo;
import io.dotmac.snmp.DeviceSnapshot;
import io.dotmac.snmp.SnmpClient;
import io.dotmac.snmp.SnmpException;
import io.dotmac.snmp.SnmpStats;
import io.dotmac.snmp.SnmpTarget;
import io.dotmac.snmp.SnmpVersion;
import io.dotmac.snmp.UsmCredentials;

/**
 * {@link SnmpClient} on SNMP4J: one UDP socket for every agent, answers decoded on a small thread pool, timeouts
 * and retries run by SNMP4J's timer, and {@link InFlightLimit} bounding what is in flight. SNMPv3 keys are
 * localized once per agent engine and kept; an engine ID is discovered (blocking, on a small pool of its own) the
 * first time an agent is asked, and again after the agent reports it unknown.
 */
@Component(immediate = true)
@Designate(ocd = SnmpConfig.class)
public class SnmpEngine implements SnmpClient {

    private static final Logger LOG = LoggerFactory.getLogger(SnmpEngine.class);
    /** The most values a GETBULK asks for. */
    static final int MAX_VALUES = 240;

    private final Snmp snmp;
    private final SecurityProtocols protocols = new SecurityProtocols(
            SecurityProtocols.SecurityProtocolSet.maxCompatibility);
    private final InFlightLimit limit;
    private final int maxRepetitions;
    private final ThreadPool dispatchers;
    private final ExecutorService discovery;
    private final Map<String, byte[]> engineIds = new ConcurrentHashMap<>();
    /** Interface rows each agent had on its last poll: the next poll asks for them all in one GETBULK. */
    private final Map<String, Integer> rowsSeen = new ConcurrentHashMap<>();
    private final Map<LocalizedKey, byte[][]> keys = new ConcurrentHashMap<>();
    private final LongAdder requests = new LongAdder();
    private final LongAdder responses = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder oids = new LongAdder();

    /**
     * The last USM report from each agent. SNMP4J (rightly, RFC 3412 §7.2.11) ignores an unauthenticated report of
     * a wrong digest or a decryption error, and the request then times out; the report still says why.
     */
    private final Map<String, Report> lastReports = new ConcurrentHashMap<>();

    private record Report(OID oid, long atNanos) {
    }

    private record LocalizedKey(String engineId, String user, String auth, String authPass, String priv,
            String privPass) {
    }

    @Activate
    public SnmpEngine(SnmpConfig config) throws IOException {
        protocols.removeAll();
        protocols.addAuthenticationProtocol(new AuthSHA());
        protocols.addAuthenticationProtocol(new AuthHMAC128SHA224());
        protocols.addAuthenticationProtocol(new AuthHMAC192SHA256());
        protocols.addAuthenticationProtocol(new AuthHMAC256SHA384());
        protocols.addAuthenticationProtocol(new AuthHMAC384SHA512());
        protocols.addPrivacyProtocol(new PrivAES128());
        protocols.addPrivacyProtocol(new PrivAES192());
        protocols.addPrivacyProtocol(new PrivAES256());
        this.limit = new InFlightLimit(config.maxInFlight());
        this.maxRepetitions = Math.max(1, config.maxRepetitions());
        this.dispatchers = ThreadPool.create("dotmac-snmp", Math.max(1, config.dispatcherThreads()));
        AtomicInteger n = new AtomicInteger();
        this.discovery = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "dotmac-snmp-discovery-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        MessageDispatcherImpl inner = new MessageDispatcherImpl();
        MultiThreadedMessageDispatcher dispatcher = new MultiThreadedMessageDispatcher(dispatchers, inner);
        USM usm = new USM(protocols, new OctetString(MPv3.createLocalEngineID()), 0);
        dispatcher.addMessageProcessingModel(new MPv2c());
        dispatcher.addMessageProcessingModel(new MPv3(usm));
        DefaultUdpTransportMapping transport = new DefaultUdpTransportMapping(bindAddress(config.bindAddress()));
        transport.setReceiveBufferSize(config.receiveBufferBytes());
        this.snmp = new Snmp(dispatcher, transport);
        Snmp.ReportHandler standard = snmp.getReportHandler();
        snmp.setReportHandler(new Snmp.ReportHandler() {
            @Override
            public <A extends org.snmp4j.smi.Address> void processReport(org.snmp4j.mp.PduHandle handle,
                    org.snmp4j.CommandResponderEvent<A> event) {
                PDU report = event.getPDU();
                if (report != null && report.size() > 0 && event.getPeerAddress() != null) {
                    lastReports.put(event.getPeerAddress().toString(),
                            new Report(report.get(0).getOid(), System.nanoTime()));
                }
                standard.processReport(handle, event);
            }
        });
        snmp.listen();
        LOG.info("SNMP client listening on {} ({} requests in flight at most)", transport.getListenAddress(),
                limit.max());
    }

    @Deactivate
    void deactivate() throws IOException {
        snmp.close();
        dispatchers.stop();
        discovery.shutdownNow();
    }

    @Override
    public CompletionStage<DeviceSnapshot> poll(SnmpTarget target) {
        CompletableFuture<DeviceSnapshot> result = new CompletableFuture<>();
        resolve(target).thenAccept(t -> walk(target, t, new InterfaceWalk(), true, result))
                .exceptionally(e -> {
                    result.completeExceptionally(unwrap(e));
                    return null;
                });
        return result;
    }

    /** Sends the walk's next request; on each answer, goes on or completes {@code result}. */
    private void walk(SnmpTarget spec, Target<UdpAddress> target, InterfaceWalk walk, boolean bulk,
            CompletableFuture<DeviceSnapshot> result) {
        PDU pdu;
        try {
            pdu = pdu(spec);
            pdu.setType(bulk ? PDU.GETBULK : PDU.GETNEXT);
            int nonRepeaters = walk.nonRepeaters();
            List<VariableBinding> vbs = walk.nextRequest();
            pdu.addAll(vbs.toArray(new VariableBinding[0]));
            if (bulk) {
                pdu.setNonRepeaters(nonRepeaters);
                int columns = vbs.size() - nonRepeaters;
                Integer known = rowsSeen.get(spec.host() + ":" + spec.port());
                int reps = known == null || walk.rows() >= known ? maxRepetitions : known - walk.rows() + 1;
                // at most MAX_VALUES per answer (about 6 KB): bigger datagrams fragment on real networks
                reps = Math.max(1, Math.min(reps, MAX_VALUES / Math.max(1, columns)));
                pdu.setMaxRepetitions(columns == 0 ? 0 : reps);
            }
        } catch (SnmpException e) {
            result.completeExceptionally(e);
            return;
        }
        boolean firstRequest = walk.nonRepeaters() > 0;
        send(spec, target, pdu).whenComplete((response, failure) -> {
            if (failure != null) {
                Throwable cause = unwrap(failure);
                if (bulk && firstRequest && cause instanceof SnmpException s
                        && s.reason() == SnmpException.Reason.ERROR_STATUS) {
                    walk(spec, target, new InterfaceWalk(), false, result); // an agent without GETBULK
                } else {
                    result.completeExceptionally(cause);
                }
                return;
            }
            try {
                if (walk.accept(response)) {
                    rowsSeen.put(spec.host() + ":" + spec.port(), walk.rows());
                    result.complete(walk.snapshot());
                } else {
                    walk(spec, target, walk, bulk, result);
                }
            } catch (SnmpException e) {
                result.completeExceptionally(e);
            } catch (RuntimeException e) {
                result.completeExceptionally(new SnmpException(SnmpException.Reason.MALFORMED,
                        "an answer we cannot read: " + e));
            }
        });
    }

    @Override
    public CompletionStage<AgentInfo> probe(SnmpTarget target) {
        return resolve(target).thenCompose(t -> {
            PDU pdu = pdu(target);
            pdu.setType(PDU.GET);
            for (OID o : List.of(Mib.SYS_UPTIME, Mib.SYS_NAME, Mib.SYS_DESCR, Mib.SYS_OBJECT_ID)) {
                pdu.add(new VariableBinding(new OID(o).append(0)));
            }
            return send(target, t, pdu);
        }).thenApply(r -> {
            List<? extends VariableBinding> vbs = r.getVariableBindings();
            if (vbs.size() != 4) {
                throw new SnmpException(SnmpException.Reason.MALFORMED, "asked 4 values, got " + vbs.size());
            }
            long uptime = vbs.get(0).getVariable() instanceof TimeTicks tt ? tt.getValue() : -1;
            return new AgentInfo(target.host(), target.port(), textOrNull(vbs.get(1)), textOrNull(vbs.get(2)),
                    vbs.get(3).isException() ? null : vbs.get(3).getVariable().toString(), uptime);
        });
    }

    private static String textOrNull(VariableBinding vb) {
        return vb.isException() ? null : vb.getVariable().toString();
    }

    @Override
    public SnmpStats stats() {
        return new SnmpStats(requests.sum(), responses.sum(), timeouts.sum(), failures.sum(), oids.sum(),
                limit.inFlight(), limit.waiting(), limit.max());
    }

    private static PDU pdu(SnmpTarget spec) {
        return spec.version() == SnmpVersion.V3 ? new ScopedPDU() : new PDU();
    }

    /** The SNMP4J target for {@code spec}; for v3 after discovering the agent's engine and localizing keys. */
    private CompletableFuture<Target<UdpAddress>> resolve(SnmpTarget spec) {
        UdpAddress address;
        try {
            address = new UdpAddress(InetAddress.getByName(literal(spec.host())), spec.port());
        } catch (UnknownHostException | IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new SnmpException(SnmpException.Reason.UNREACHABLE,
                    "not an IP address: " + spec.host()));
        }
        if (spec.version() == SnmpVersion.V2C) {
            CommunityTarget<UdpAddress> t = new CommunityTarget<>(address, new OctetString(spec.community()));
            t.setVersion(SnmpConstants.version2c);
            t.setTimeout(spec.timeoutMillis());
            t.setRetries(spec.retries());
            return CompletableFuture.completedFuture(t);
        }
        String key = address.toString();
        byte[] known = engineIds.get(key);
        CompletableFuture<byte[]> engineId = known != null ? CompletableFuture.completedFuture(known)
                : CompletableFuture.supplyAsync(() -> {
                    byte[] id = snmp.discoverAuthoritativeEngineID(address,
                            (long) spec.timeoutMillis() * (spec.retries() + 1));
                    if (id == null || id.length == 0) {
                        timeouts.increment();
                        throw new SnmpException(SnmpException.Reason.TIMEOUT, "no answer to SNMPv3 engine "
                                + "discovery within " + spec.timeoutMillis() * (spec.retries() + 1) + " ms");
                    }
                    engineIds.put(key, id);
                    return id;
                }, discovery);
        return engineId.thenApply(id -> v3Target(address, spec, id));
    }

    /** Only IP literals: a name would be a DNS lookup on our thread, and an address we do not control. */
    /** The local address to bind to, port 0 (any); only an IP address literal is accepted. */
    static UdpAddress bindAddress(String configured) {
        String value = configured == null || configured.isBlank() ? "0.0.0.0" : configured.strip();
        if (!value.matches("[0-9A-Fa-f:.]+")) {
            throw new IllegalArgumentException("bindAddress must be an IP address, not '" + value + "'");
        }
        try {
            return new UdpAddress(InetAddress.getByName(value), 0);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("bindAddress must be an IP address, not '" + value + "'", e);
        }
    }

    private static String literal(String host) {
        if (host.isEmpty() || !(Character.digit(host.charAt(0), 16) >= 0 || host.contains(":"))) {
            throw new IllegalArgumentException(host);
        }
        return host;
    }

    private Target<UdpAddress> v3Target(UdpAddress address, SnmpTarget spec, byte[] engineId) {
        UsmCredentials u = spec.usm();
        AuthenticationProtocol auth = u.auth() == null ? null : authProtocol(u.auth());
        PrivacyProtocol priv = u.priv() == null || auth == null ? null : privProtocol(u.priv());
        byte[][] k = keys.computeIfAbsent(new LocalizedKey(new OctetString(engineId).toHexString(), u.user(),
                Objects.toString(u.auth()), u.authPassphrase(), Objects.toString(u.priv()), u.privPassphrase()),
                x -> {
                    byte[] authKey = auth == null ? null : protocols.passwordToKey(auth.getID(),
                            new OctetString(u.authPassphrase()), engineId);
                    byte[] privKey = priv == null ? null : protocols.passwordToKey(priv.getID(), auth.getID(),
                            new OctetString(u.privPassphrase()), engineId);
                    return new byte[][] {authKey, privKey};
                });
        DirectUserTarget<UdpAddress> t = new DirectUserTarget<>(address, new OctetString(u.user()), engineId, auth,
                k[0] == null ? null : new OctetString(k[0]), priv, k[1] == null ? null : new OctetString(k[1]));
        t.setTimeout(spec.timeoutMillis());
        t.setRetries(spec.retries());
        return t;
    }

    private AuthenticationProtocol authProtocol(io.dotmac.snmp.AuthProtocol p) {
        return protocols.getAuthenticationProtocol(switch (p) {
            case SHA -> AuthSHA.ID;
            case SHA224 -> AuthHMAC128SHA224.ID;
            case SHA256 -> AuthHMAC192SHA256.ID;
            case SHA384 -> AuthHMAC256SHA384.ID;
            case SHA512 -> AuthHMAC384SHA512.ID;
        });
    }

    private PrivacyProtocol privProtocol(io.dotmac.snmp.PrivProtocol p) {
        return protocols.getPrivacyProtocol(switch (p) {
            case AES128 -> PrivAES128.ID;
            case AES192 -> PrivAES192.ID;
            case AES256 -> PrivAES256.ID;
        });
    }

    /** Sends {@code pdu} once a slot is free; completes with the answer, or with why there is none. */
    private CompletableFuture<PDU> send(SnmpTarget spec, Target<UdpAddress> target, PDU pdu) {
        CompletableFuture<PDU> answer = new CompletableFuture<>();
        limit.submit(() -> {
            requests.increment();
            try {
                snmp.send(pdu, target, null, new ResponseListener() {
                    @Override
                    public <A extends org.snmp4j.smi.Address> void onResponse(ResponseEvent<A> event) {
                        ((Snmp) event.getSource()).cancel(event.getRequest(), this);
                        limit.release();
                        complete(spec, target.getAddress(), event, answer);
                    }
                });
            } catch (IOException | RuntimeException e) {
                limit.release();
                failures.increment();
                answer.completeExceptionally(new SnmpException(SnmpException.Reason.UNREACHABLE,
                        "cannot send to " + spec.host() + ":" + spec.port() + ": " + e.getMessage()));
            }
        });
        return answer;
    }

    private <A extends org.snmp4j.smi.Address> void complete(SnmpTarget spec, UdpAddress peer,
            ResponseEvent<A> event, CompletableFuture<PDU> answer) {
        PDU response = event.getResponse();
        if (response == null) {
            if (event.getError() != null) {
                failures.increment();
                answer.completeExceptionally(new SnmpException(SnmpException.Reason.UNREACHABLE,
                        event.getError().getMessage()));
            } else if (spec.version() == SnmpVersion.V3 && recentReport(peer, spec) != null) {
                failures.increment();
                answer.completeExceptionally(report(spec, recentReport(peer, spec)));
            } else {
                timeouts.increment();
                answer.completeExceptionally(new SnmpException(SnmpException.Reason.TIMEOUT, "no answer within "
                        + spec.timeoutMillis() + " ms and " + spec.retries() + " retries"
                        + (spec.version() == SnmpVersion.V2C ? " (down, unreachable or a wrong community)" : "")));
            }
            return;
        }
        responses.increment();
        if (response.getType() == PDU.REPORT) {
            failures.increment();
            answer.completeExceptionally(report(spec, response));
            return;
        }
        if (response.getErrorStatus() != PDU.noError) {
            failures.increment();
            answer.completeExceptionally(new SnmpException(SnmpException.Reason.ERROR_STATUS, "the agent answered "
                    + response.getErrorStatusText() + " (index " + response.getErrorIndex() + ")"));
            return;
        }
        oids.add(response.size());
        answer.complete(response);
    }

    /** The report {@code peer} sent during the last request to it (timeout × tries), if any. */
    private OID recentReport(org.snmp4j.smi.Address peer, SnmpTarget spec) {
        Report r = peer == null ? null : lastReports.get(peer.toString());
        long window = (long) spec.timeoutMillis() * (spec.retries() + 1) * 1_000_000L + 1_000_000_000L;
        return r != null && System.nanoTime() - r.atNanos() < window ? r.oid() : null;
    }

    private SnmpException report(SnmpTarget spec, PDU report) {
        return report(spec, report.size() > 0 ? report.get(0).getOid() : null);
    }

    private SnmpException report(SnmpTarget spec, OID oid) {
        String why;
        if (oid == null) {
            why = "an empty report";
        } else if (oid.startsWith(SnmpConstants.usmStatsUnknownUserNames)) {
            why = "unknown user '" + spec.usm().user() + "'";
        } else if (oid.startsWith(SnmpConstants.usmStatsWrongDigests)) {
            why = "wrong authentication passphrase or protocol";
        } else if (oid.startsWith(SnmpConstants.usmStatsDecryptionErrors)) {
            why = "wrong privacy passphrase or protocol";
        } else if (oid.startsWith(SnmpConstants.usmStatsUnsupportedSecLevels)) {
            why = "the user does not support this security level";
        } else if (oid.startsWith(SnmpConstants.usmStatsUnknownEngineIDs)
                || oid.startsWith(SnmpConstants.usmStatsNotInTimeWindows)) {
            why = "the agent's engine changed; it is discovered again on the next request";
            try {
                engineIds.remove(new UdpAddress(InetAddress.getByName(spec.host()), spec.port()).toString());
            } catch (UnknownHostException e) {
                // cannot happen: resolve() checked the literal
            }
        } else {
            why = "report " + oid;
        }
        return new SnmpException(SnmpException.Reason.AUTHENTICATION, "SNMPv3: " + why);
    }

    private static Throwable unwrap(Throwable e) {
        while ((e instanceof java.util.concurrent.CompletionException
                || e instanceof java.util.concurrent.ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
