package io.dotmac.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.dotmac.platform.api.Tier;

/** Completes tier names. */
@Service
public class TierCompleter implements Completer {

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter tiers = new StringsCompleter();
        for (Tier t : Tier.values()) {
            tiers.getStrings().add(t.name());
        }
        return tiers.complete(session, commandLine, candidates);
    }
}
