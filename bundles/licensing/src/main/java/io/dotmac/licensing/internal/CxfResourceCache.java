package io.dotmac.licensing.internal;

import java.lang.reflect.Field;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

import org.apache.cxf.jaxrs.model.ClassResourceInfo;
import org.apache.cxf.jaxrs.model.OperationResourceInfo;
import org.apache.cxf.jaxrs.utils.JAXRSUtils;
import org.apache.cxf.message.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets go of the classes of plugins that are gone. CXF builds the resource model of each class a sub-resource
 * locator returns and keeps it for good in the locator's class model ({@code ClassResourceInfo.subResources}, a
 * private map with no way to remove from it); for the dispatcher that would keep every removed or updated plugin's
 * class loader alive. The dispatcher's class model is taken from the first request it serves, and when an endpoint
 * leaves, the models of classes from its class loader are removed from it and from the models under it (the
 * {@code Descent}s). If CXF's field is not there (another CXF version), this says so once and does nothing.
 */
final class CxfResourceCache {

    private static final Logger LOG = LoggerFactory.getLogger(CxfResourceCache.class);
    private static final Field SUB_RESOURCES = subResourcesField();

    private volatile ClassResourceInfo root;

    private static Field subResourcesField() {
        try {
            Field f = ClassResourceInfo.class.getDeclaredField("subResources");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LoggerFactory.getLogger(CxfResourceCache.class).warn("CXF's sub-resource cache cannot be reached ({}): "
                    + "a removed plugin's classes stay in memory until the application restarts", e.toString());
            return null;
        }
    }

    /** Called on a request the dispatcher serves: remembers the dispatcher's class model. */
    void remember() {
        if (root != null) {
            return;
        }
        Message message = JAXRSUtils.getCurrentMessage();
        OperationResourceInfo operation = message == null ? null
                : message.getExchange().get(OperationResourceInfo.class);
        if (operation != null) {
            root = operation.getClassResourceInfo();
        }
    }

    /** Removes the cached models of classes loaded by {@code loader}; returns how many. */
    int forget(ClassLoader loader) {
        ClassResourceInfo from = root;
        if (from == null || SUB_RESOURCES == null || loader == null) {
            return 0;
        }
        return prune(from, loader, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    @SuppressWarnings("unchecked")
    private static int prune(ClassResourceInfo model, ClassLoader loader, Set<ClassResourceInfo> seen) {
        if (!seen.add(model)) {
            return 0;
        }
        Map<Object, ClassResourceInfo> subs;
        try {
            subs = (Map<Object, ClassResourceInfo>) SUB_RESOURCES.get(model);
        } catch (IllegalAccessException e) {
            return 0;
        }
        int removed = 0;
        for (Map.Entry<Object, ClassResourceInfo> e : subs.entrySet()) {
            ClassResourceInfo sub = e.getValue();
            if (sub.getServiceClass().getClassLoader() == loader || sub.getResourceClass().getClassLoader() == loader) {
                subs.remove(e.getKey());
                removed++;
            } else {
                removed += prune(sub, loader, seen);
            }
        }
        return removed;
    }
}
