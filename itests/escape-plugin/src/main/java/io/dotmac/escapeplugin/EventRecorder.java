package io.dotmac.escapeplugin;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import io.dotmac.persistence.TransactionalEventListener;
import io.dotmac.platform.api.TenantRef;

/** Escape 7: listening to every tenant's customer events, on EventAdmin and inside the transaction. */
@Component(service = { EventHandler.class, TransactionalEventListener.class, EventRecorder.class },
        property = { EventConstants.EVENT_TOPIC + "=io/dotmac/customers/*",
            TransactionalEventListener.TOPICS + "=io/dotmac/customers/*" })
public class EventRecorder implements EventHandler, TransactionalEventListener {

    private final List<String> posted = new CopyOnWriteArrayList<>();
    private final List<String> inTransaction = new CopyOnWriteArrayList<>();

    @Override
    public void handleEvent(Event event) {
        posted.add(String.valueOf(event.getProperty("tenantSlug")));
    }

    @Override
    public void inTransaction(TenantRef tenant, String topic, Map<String, Object> properties) {
        inTransaction.add(tenant.slug());
    }

    List<String> posted() {
        return List.copyOf(posted);
    }

    List<String> inTransaction() {
        return List.copyOf(inTransaction);
    }
}
