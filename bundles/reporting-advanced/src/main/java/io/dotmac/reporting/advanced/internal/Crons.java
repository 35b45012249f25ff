package io.dotmac.reporting.advanced.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

/** Five-field Unix cron expressions ({@code minute hour day-of-month month day-of-week}), read with cron-utils. */
final class Crons {

    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private Crons() {
    }

    /**
     * The parsed expression.
     *
     * @throws IllegalArgumentException with cron-utils' reason
     */
    static ExecutionTime parse(String expression) {
        Cron cron = PARSER.parse(expression.strip());
        cron.validate();
        return ExecutionTime.forCron(cron);
    }

    /** The first time after {@code after} it fires in {@code zone}. */
    static Optional<Instant> next(ExecutionTime cron, ZoneId zone, Instant after) {
        return cron.nextExecution(ZonedDateTime.ofInstant(after, zone)).map(ZonedDateTime::toInstant);
    }

    /** The shortest gap between its next {@code runs} firings after {@code from}; {@code null} if it never fires. */
    static Duration shortestGap(ExecutionTime cron, ZoneId zone, Instant from, int runs) {
        Optional<Instant> previous = next(cron, zone, from);
        if (previous.isEmpty()) {
            return null;
        }
        Duration shortest = Duration.ofDays(3660);
        for (int i = 0; i < runs; i++) {
            Optional<Instant> following = next(cron, zone, previous.get());
            if (following.isEmpty()) {
                break;
            }
            Duration gap = Duration.between(previous.get(), following.get());
            if (gap.compareTo(shortest) < 0) {
                shortest = gap;
            }
            previous = following;
        }
        return shortest;
    }
}
