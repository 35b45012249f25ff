package io.dotmac.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.dotmac.licensing.Licensing;

/** Completes plugin ids from the catalogue. */
@Service
public class PluginCompleter implements Completer {

    @Reference
    Licensing licensing;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter ids = new StringsCompleter();
        licensing.catalogue().forEach(p -> ids.getStrings().add(p.id()));
        return ids.complete(session, commandLine, candidates);
    }
}
