package io.dotmac.shell.internal;

import java.nio.file.Path;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.apache.karaf.shell.api.action.Completion;

import io.dotmac.marketplace.PluginVerifier;
import io.dotmac.marketplace.PluginVerifier.VerifiedPlugin;

@Command(scope = "dotmac", name = "marketplace-verify", description = "Checks a plugin bundle file: signed throughout, "
        + "unchanged, by a developer key the marketplace certified and did not revoke")
@Service
public class MarketplaceVerify implements Action {

    @Reference
    PluginVerifier verifier;

    @Argument(index = 0, name = "file", required = true, description = "The bundle (jar) on this machine")
    @Completion(FileCompleter.class)
    String file;

    @Override
    public Object execute() throws Exception {
        return Commands.run(() -> {
            VerifiedPlugin v = verifier.verify(Path.of(file));
            System.out.println("Verified: " + v.symbolicName() + " " + v.version() + ", signed by " + v.developer()
                    + " (certificate " + v.developerSerial() + "), sha256 " + v.sha256());
            return null;
        });
    }
}
