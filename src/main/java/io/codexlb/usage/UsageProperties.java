package io.codexlb.usage;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of usage counting.
 *
 * @param flushInterval how often the counts in memory are added to the database; a kill
 * -9 loses at most this much
 * @param retention how long the hourly counts are kept; older ones are pruned once a day
 * @param maxPoints the most points a usage series may have
 * @param maxPendingEntries how many (key, hour) counters are kept in memory: one for each
 * key counted in the current or the last hour, and those whose counts wait for the
 * database; requests of keys beyond that are dropped, and counted in
 * {@code codex_lb_usage_dropped_requests_total}
 */
@Validated
@ConfigurationProperties("codex-lb.usage")
public record UsageProperties(@NotNull @DefaultValue("10s") Duration flushInterval,
		@NotNull @DefaultValue("90d") Duration retention, @Min(1) @DefaultValue("2160") int maxPoints,
		@Min(1) @DefaultValue("100000") int maxPendingEntries) {

}
