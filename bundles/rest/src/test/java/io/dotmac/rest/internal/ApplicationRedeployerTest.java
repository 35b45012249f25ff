package io.dotmac.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.util.promise.Promises;

class ApplicationRedeployerTest {

    /** A component runtime that knows the application's component and records what is done to it. */
    private static final class FakeScr {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final CountDownLatch enabled = new CountDownLatch(1);
        volatile boolean componentEnabled = true;

        ServiceComponentRuntime proxy() {
            ComponentDescriptionDTO application = new ComponentDescriptionDTO();
            application.name = DotMacApplication.class.getName();
            return (ServiceComponentRuntime) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] { ServiceComponentRuntime.class }, (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "getComponentDescriptionDTO":
                                return args[1].equals(application.name) ? application : null;
                            case "isComponentEnabled":
                                return componentEnabled;
                            case "disableComponent":
                                calls.add("disable " + ((ComponentDescriptionDTO) args[0]).name);
                                return Promises.resolved(null);
                            case "enableComponent":
                                calls.add("enable " + ((ComponentDescriptionDTO) args[0]).name);
                                enabled.countDown();
                                return Promises.resolved(null);
                            default:
                                throw new UnsupportedOperationException(method.getName());
                        }
                    });
        }
    }

    @Test
    void theApplicationComponentIsDisabledThenEnabledOncePerInterval() throws Exception {
        FakeScr scr = new FakeScr();
        ApplicationRedeployer redeployer = new ApplicationRedeployer(scr.proxy(), null, TimeUnit.HOURS.toNanos(1));
        assertTrue(redeployer.redeploy(10_000));
        assertTrue(scr.enabled.await(10, TimeUnit.SECONDS));
        String name = DotMacApplication.class.getName();
        assertEquals(List.of("disable " + name, "enable " + name), scr.calls);
        assertFalse(redeployer.redeploy(10_000), "a second redeploy within the interval");
        assertEquals(1, redeployer.redeployed());
        assertEquals(2, scr.calls.size());
    }

    @Test
    void afterTheIntervalItMayRedeployAgain() throws Exception {
        FakeScr scr = new FakeScr();
        ApplicationRedeployer redeployer = new ApplicationRedeployer(scr.proxy(), null, 0);
        assertTrue(redeployer.redeploy(10_000));
        assertTrue(redeployer.redeploy(10_000));
        assertEquals(2, redeployer.redeployed());
    }

    @Test
    void anApplicationAnOperatorDisabledStaysDown() {
        FakeScr scr = new FakeScr();
        scr.componentEnabled = false;
        ApplicationRedeployer redeployer = new ApplicationRedeployer(scr.proxy(), null, 0);
        assertFalse(redeployer.redeploy(10_000));
        assertEquals(List.of(), scr.calls);
        assertEquals(0, redeployer.redeployed());
    }
}
