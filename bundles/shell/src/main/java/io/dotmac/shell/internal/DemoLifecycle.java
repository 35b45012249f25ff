package io.dotmac.shell.internal;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.dotmac.management.Demos;

@Command(scope = "dotmac", name = "demo-lifecycle", description = "Runs the demos' lifecycle pass now (it also runs "
        + "every demoCheckMinutes): reminds the unused ones on day 5, destroys the expired ones. With --at, as if "
        + "that instant had come (to close demos early, or to try the lifecycle)")
@Service
public class DemoLifecycle implements Action {

    @Reference(optional = true)
    Demos demos;

    @Option(name = "--at", description = "An ISO-8601 instant, such as 2026-12-14T10:00:00Z (default: now)")
    String at;

    @Override
    public Object execute() throws Exception {
        return Commands.run(() -> {
            if (demos == null) {
                throw new io.dotmac.platform.api.UnavailableException("The management platform is not installed "
                        + "(feature:install -r dotmac-management)");
            }
            Instant when;
            try {
                when = at == null ? Instant.now() : Instant.parse(at);
            } catch (DateTimeParseException e) {
                throw new io.dotmac.platform.api.ValidationException("at", "must be an ISO-8601 instant");
            }
            var done = demos.runLifecycle(when);
            if (done.isEmpty()) {
                System.out.println("Nothing to do as of " + when);
            }
            done.forEach(System.out::println);
            return null;
        });
    }
}
