package io.dotmac.automation.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

/** Five-field Unix cron expressions of cron triggers, read with cron-utils. */
final class Crons {

    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private Crons() {
    }

    /** @throws IllegalArgumentException with cron-utils' reason */
    static ExecutionTime parse(String expression) {
        Cron cron = PARSER.parse(expression.strip());
        cron.validate();
        return ExecutionTime.forCron(cron);
    }

    /** The first firing after {@code after}, in {@code zone}. */
    static Optional<Instant> next(String expression, ZoneId zone, Instant after) {
        return parse(expression).nextExecution(ZonedDateTime.ofInstant(after, zone)).map(ZonedDateTime::toInstant);
    }
}
