package io.codexlb.database;

import java.time.Clock;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@code db} health component: up when the database takes a write. A read alone would
 * say up for a database on a full disk, which answers queries but refuses every change,
 * and for an H2 database that closed itself after a failed write, whose connections still
 * call themselves valid.
 */
@Component("dbHealthIndicator")
class DatabaseHealthIndicator extends AbstractHealthIndicator {

	private final JdbcClient jdbc;

	private final Clock clock;

	DatabaseHealthIndicator(JdbcClient jdbc, Clock clock) {
		super("The database does not take writes");
		this.jdbc = jdbc;
		this.clock = clock;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		int updated = this.jdbc.sql("UPDATE database_health_probe SET probed_at = ? WHERE probe_id = 1")
			.param(SqlTimestamps.of(this.clock.instant()))
			.update();
		builder.status((updated == 1) ? Status.UP : Status.DOWN).withDetail("check", "write");
	}

}
