package io.dotmac.persistence.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import io.dotmac.persistence.Database;
import io.dotmac.persistence.DomainEvents;
import io.dotmac.persistence.TransactionalEventListener;
import io.dotmac.platform.api.TenantRef;

/** {@link DomainEvents}: listeners in the transaction, EventAdmin after commit. */
@Component(service = DomainEvents.class)
public class TransactionalEvents implements DomainEvents {

    private final Database db;
    private final Map<TransactionalEventListener, List<String>> listeners = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile EventAdmin eventAdmin;

    @Activate
    public TransactionalEvents(@Reference Database db) {
        this.db = db;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(TransactionalEventListener listener, Map<String, Object> properties) {
        listeners.put(listener, topics(properties.get(TransactionalEventListener.TOPICS)));
    }

    void removeListener(TransactionalEventListener listener) {
        listeners.remove(listener);
    }

    static List<String> topics(Object value) {
        if (value instanceof String s) {
            return List.of(s);
        }
        if (value instanceof String[] a) {
            return List.of(a);
        }
        if (value instanceof java.util.Collection<?> c) {
            return c.stream().map(String::valueOf).toList();
        }
        return List.of();
    }

    /** Whether {@code pattern} (a topic, or a prefix ending in {@code /*}, or {@code *}) covers {@code topic}. */
    static boolean matches(String pattern, String topic) {
        if (pattern.equals("*")) {
            return true;
        }
        if (pattern.endsWith("/*")) {
            return topic.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return pattern.equals(topic);
    }

    @Override
    public void publish(TenantRef tenant, String topic, Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>(properties);
        all.put(TENANT, tenant.id());
        all.put(TENANT_SLUG, tenant.slug());
        Map<String, Object> view = java.util.Collections.unmodifiableMap(all);
        for (Map.Entry<TransactionalEventListener, List<String>> l : listeners.entrySet()) {
            if (l.getValue().stream().anyMatch(p -> matches(p, topic))) {
                l.getKey().inTransaction(tenant, topic, view);
            }
        }
        db.afterCommit(() -> {
            EventAdmin admin = eventAdmin;
            if (admin != null) {
                admin.postEvent(new Event(topic, all));
            }
        });
    }
}
