package io.dotmac.network.monitoring.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.dotmac.network.monitoring.NetworkEvents;
import io.dotmac.network.monitoring.internal.Observation.Event;
import io.dotmac.network.monitoring.internal.Observation.IfRow;
import io.dotmac.network.monitoring.internal.Observation.Sample;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.snmp.DeviceSnapshot;
import io.dotmac.snmp.InterfaceSnapshot;
import io.dotmac.snmp.SnmpTarget;

/**
 * One polled device in memory: what to poll, when, and the state the next poll is compared with (counters,
 * sysUpTime, debounced statuses). Turns each poll's outcome into an {@link Observation}. Polls of one device never
 * overlap, and its state is changed under its own lock.
 */
final class DeviceTracker {

    /** What to poll and how often; replaced as a whole when the device is edited. */
    record Settings(String name, String address, SnmpTarget target, int intervalSeconds) {
    }

    final String id;
    final TenantRef tenant;
    volatile Settings settings;

    // scheduling, guarded by the Poller
    long nextDueNanos;
    boolean inFlight;
    final List<CompletableFuture<Void>> waitingForNext = new ArrayList<>();
    final List<CompletableFuture<Void>> waitingForThis = new ArrayList<>();

    // state, guarded by this
    private String status = "UNKNOWN";
    private int failures;
    private long lastUptime = -1;
    private Instant lastSuccessAt;
    /** The first failed poll of the current run of failures ({@code null} when none, or not known after a restart). */
    private Instant firstFailureAt;
    private final Map<Integer, IfRow> interfaces = new HashMap<>();
    /** Per interface: the first poll of its current run seeing it not up. */
    private final Map<Integer, Instant> ifDownSince = new HashMap<>();

    DeviceTracker(String id, TenantRef tenant, Settings settings) {
        this.id = id;
        this.tenant = tenant;
        this.settings = settings;
    }

    /** Takes up the state stored by an earlier run (so a restart neither repeats events nor loses rates). */
    synchronized void seed(String status, int failures, Long uptime, Instant lastSuccessAt, List<IfRow> rows) {
        this.status = status;
        this.failures = failures;
        this.lastUptime = uptime == null ? -1 : uptime;
        this.lastSuccessAt = lastSuccessAt;
        for (IfRow r : rows) {
            interfaces.put(r.ifIndex(), r);
        }
    }

    synchronized String status() {
        return status;
    }

    /** The outcome of a poll that answered. */
    synchronized Observation success(DeviceSnapshot s, Instant at, int downAfter) {
        Settings cfg = settings;
        List<Event> events = new ArrayList<>();
        double seconds = -1;
        if (lastUptime >= 0 && lastSuccessAt != null) {
            double wall = Duration.between(lastSuccessAt, at).toMillis() / 1000.0;
            seconds = Rates.uptimeSeconds(lastUptime, s.sysUpTime(), wall);
        }
        boolean restarted = lastUptime >= 0 && seconds < 0;
        long ts = at.toEpochMilli();
        List<IfRow> rows = new ArrayList<>(s.interfaces().size());
        List<Sample> samples = new ArrayList<>(s.interfaces().size());
        for (InterfaceSnapshot i : s.interfaces()) {
            IfRow prev = restarted ? null : interfaces.get(i.ifIndex());
            Long inBps = prev == null ? null : Rates.bitsPerSecond(prev.inOctetsRaw(), i.hcInOctets(), seconds,
                    i.highSpeedMbps());
            Long outBps = prev == null ? null : Rates.bitsPerSecond(prev.outOctetsRaw(), i.hcOutOctets(), seconds,
                    i.highSpeedMbps());
            Long inErr = prev == null ? null : Rates.increase32(prev.inErrorsRaw(), i.inErrors());
            Long outErr = prev == null ? null : Rates.increase32(prev.outErrorsRaw(), i.outErrors());
            Long inDisc = prev == null ? null : Rates.increase32(prev.inDiscardsRaw(), i.inDiscards());
            Long outDisc = prev == null ? null : Rates.increase32(prev.outDiscardsRaw(), i.outDiscards());
            IfRow old = interfaces.get(i.ifIndex());
            String ifStatus = old == null ? "UNKNOWN" : old.status();
            int downPolls = old == null ? 0 : old.downPolls();
            String name = i.name() != null ? i.name() : i.descr();
            if (i.adminStatus() == 2) {
                // shut down by its operator: not a fault, no event, whatever the oper status says
                downPolls = 0;
                ifStatus = "ADMIN_DOWN";
            } else if (i.operStatus() == 1) {
                downPolls = 0;
                ifDownSince.remove(i.ifIndex());
                if ("DOWN".equals(ifStatus)) {
                    events.add(ifEvent(NetworkEvents.INTERFACE_UP, cfg, i.ifIndex(), name, i));
                }
                ifStatus = "UP";
            } else if (i.operStatus() != 0) {
                downPolls++;
                if (downPolls == 1) {
                    ifDownSince.put(i.ifIndex(), at);
                }
                if (downPolls >= downAfter && !"DOWN".equals(ifStatus)) {
                    if ("UP".equals(ifStatus)) {
                        Event down = ifEvent(NetworkEvents.INTERFACE_DOWN, cfg, i.ifIndex(), name, i);
                        down.properties().put(NetworkEvents.SINCE,
                                ifDownSince.getOrDefault(i.ifIndex(), at).toEpochMilli());
                        events.add(down);
                    }
                    ifStatus = "DOWN";
                }
            }
            IfRow row = new IfRow(i.ifIndex(), i.name(), i.descr(), i.adminStatus(), i.operStatus(), ifStatus,
                    downPolls, i.highSpeedMbps(), inBps, outBps, inErr, outErr, inDisc, outDisc, i.hcInOctets(),
                    i.hcOutOctets(), i.inErrors(), i.outErrors(), i.inDiscards(), i.outDiscards());
            interfaces.put(i.ifIndex(), row);
            rows.add(row);
            if (inBps != null || outBps != null) {
                samples.add(new Sample(i.ifIndex(), ts, inBps, outBps, inErr, outErr, inDisc, outDisc));
            }
        }
        if ("DOWN".equals(status)) {
            events.add(deviceEvent(NetworkEvents.DEVICE_UP, cfg, null));
        }
        status = "UP";
        failures = 0;
        firstFailureAt = null;
        lastUptime = s.sysUpTime();
        lastSuccessAt = at;
        String note = restarted ? "the agent restarted (sysUpTime went back): rates start again" : null;
        return new Observation(tenant, id, status, 0, at, true, note, s.sysUpTime(), s.sysName(), s.sysDescr(), rows,
                samples, events);
    }

    /** The outcome of a poll that failed. */
    synchronized Observation failure(String reason, Instant at, int downAfter) {
        failures++;
        if (failures == 1) {
            firstFailureAt = at;
        }
        List<Event> events = new ArrayList<>();
        if (failures >= downAfter && !"DOWN".equals(status)) {
            status = "DOWN";
            Event down = deviceEvent(NetworkEvents.DEVICE_DOWN, settings, reason);
            down.properties().put(NetworkEvents.SINCE, (firstFailureAt != null ? firstFailureAt : at).toEpochMilli());
            events.add(down);
        }
        return new Observation(tenant, id, status, failures, at, false, reason, null, null, null, List.of(),
                List.of(), events);
    }

    private Event deviceEvent(String topic, Settings cfg, String reason) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(NetworkEvents.DEVICE, id);
        p.put(NetworkEvents.DEVICE_NAME, cfg.name());
        p.put(NetworkEvents.ADDRESS, cfg.address());
        if (reason != null) {
            p.put(NetworkEvents.REASON, reason);
        }
        return new Event(topic, p);
    }

    private Event ifEvent(String topic, Settings cfg, int ifIndex, String name, InterfaceSnapshot i) {
        Event e = deviceEvent(topic, cfg, null);
        e.properties().put(NetworkEvents.IF_INDEX, ifIndex);
        if (name != null) {
            e.properties().put(NetworkEvents.IF_NAME, name);
        }
        e.properties().put("adminStatus", Statuses.name(i.adminStatus()));
        e.properties().put("operStatus", Statuses.name(i.operStatus()));
        return e;
    }
}
