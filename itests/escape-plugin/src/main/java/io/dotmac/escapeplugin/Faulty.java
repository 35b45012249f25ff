package io.dotmac.escapeplugin;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** A component that fails to activate, as a plugin's bug would: its plugin's problem says so. */
@Component(immediate = true, service = Faulty.class)
public class Faulty {

    @Activate
    void activate() {
        throw new IllegalStateException("Faulty refuses to start");
    }
}
