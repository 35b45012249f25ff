package io.dotmac.bench.automation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Application;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationBase;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

import io.dotmac.persistence.Database;
import io.dotmac.persistence.DomainEvents;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.tenant.TenantService;

/**
 * {@code POST /bench/v1/events?tenants=a,b,...&events=N&threads=T&kinds=K}: publishes N
 * {@code io/dotmac/network/INTERFACE_DOWN} events round-robin over the tenants, each in its own transaction (as a
 * change of the application would), on T threads; event i carries {@code ifIndex = i % K}. Answers
 * {@code {"events":N,"millis":...}} once all are committed. A bare whiteboard application none of DotMac's
 * extensions select: benchmark only, on loopback.
 */
@Component(service = Application.class)
@JaxrsName("dotmac.bench.automation")
@JaxrsApplicationBase("bench")
public class EventsApplication extends Application {

    private final Database db;
    private final DomainEvents events;
    private final TenantService tenants;

    @Activate
    public EventsApplication(@Reference Database db, @Reference DomainEvents events, @Reference TenantService tenants) {
        this.db = db;
        this.events = events;
        this.tenants = tenants;
    }

    @Override
    public Set<Object> getSingletons() {
        return Set.of(new Publisher());
    }

    @Path("v1/events")
    public class Publisher {

        @POST
        @Produces(MediaType.APPLICATION_JSON)
        public String publish(@QueryParam("tenants") String slugs, @QueryParam("events") int n,
                @QueryParam("threads") int threads, @QueryParam("kinds") int kinds,
                @QueryParam("perTransaction") Integer perTransaction) throws Exception {
            int batch = perTransaction == null ? 1 : Math.max(1, perTransaction);
            List<TenantRef> refs = new ArrayList<>();
            for (String slug : slugs.split(",")) {
                refs.add(tenants.get(slug).ref());
            }
            AtomicLong next = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
            long started = System.nanoTime();
            try {
                List<Future<?>> running = new ArrayList<>();
                for (int t = 0; t < Math.max(1, threads); t++) {
                    running.add(pool.submit(() -> {
                        // batch b: events b*batch .. b*batch+batch-1, all of tenant b % tenants, in one transaction
                        for (long b = next.getAndIncrement(); b * batch < n; b = next.getAndIncrement()) {
                            TenantRef tenant = refs.get((int) (b % refs.size()));
                            long first = b * batch;
                            long last = Math.min(n, first + batch);
                            long round = b / refs.size();
                            db.inTenant(tenant, c -> {
                                for (long i = first; i < last; i++) {
                                    Map<String, Object> event = new HashMap<>();
                                    event.put("device", "dev-" + i);
                                    event.put("deviceName", "core-" + (i % 7));
                                    event.put("address", "192.0.2." + (i % 250));
                                    event.put("ifIndex", (int) ((round * batch + i - first) % Math.max(1, kinds)));
                                    event.put("ifName", "ge-0/0/" + i % 48);
                                    events.publish(tenant, "io/dotmac/network/INTERFACE_DOWN", event);
                                }
                                return null;
                            });
                        }
                        return null;
                    }));
                }
                for (Future<?> f : running) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            return "{\"events\":" + n + ",\"millis\":" + (System.nanoTime() - started) / 1_000_000 + "}";
        }
    }
}
