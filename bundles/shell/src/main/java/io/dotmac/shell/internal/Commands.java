package io.dotmac.shell.internal;

import java.util.stream.Collectors;

import io.dotmac.platform.api.Tier;
import io.dotmac.platform.api.ValidationException;

/** What the commands share: the same validation and messages as the REST API, worded for a console. */
final class Commands {

    private Commands() {
    }

    /** A tier named on the command line. */
    static Tier tier(String name) {
        return Tier.parse(name).orElseThrow(
                () -> new ValidationException("tier", "must be one of FREE, BASIC, PREMIUM, ENTERPRISE"));
    }

    /** Runs a command's work, turning a validation failure into a message naming every field. */
    static Object run(Work work) throws Exception {
        try {
            return work.run();
        } catch (ValidationException e) {
            throw new IllegalArgumentException(e.errors().stream()
                    .map(f -> "'" + f.field() + "' " + f.message())
                    .collect(Collectors.joining("; ", "Invalid: ", "")), e);
        }
    }

    @FunctionalInterface
    interface Work {
        Object run() throws Exception;
    }
}
