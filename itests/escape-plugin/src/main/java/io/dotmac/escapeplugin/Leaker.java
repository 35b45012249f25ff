package io.dotmac.escapeplugin;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Starts a thread and never stops it, ignoring interrupts, as a careless plugin does: once the plugin's bundle stops,
 * the thread is its problem. It ends only when the test sets the system property {@code dotmac.escape.release}.
 */
@Component(immediate = true, service = Leaker.class)
public class Leaker {

    @Activate
    void activate() {
        Thread t = new Thread(Leaker::spin, "escape-leaker");
        t.setDaemon(true);
        t.start();
    }

    private static void spin() {
        while (!Boolean.getBoolean("dotmac.escape.release")) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                // a careless plugin carries on
            }
        }
    }
}
