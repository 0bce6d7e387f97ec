package io.codexlb.replica;

import java.time.Duration;
import java.util.Optional;

import net.javacrumbs.shedlock.core.ClockProvider;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Locks held in the shared database (ShedLock), so that one replica at a time does a job
 * such as a catalog refresh or an account's token refresh. The database's clock decides
 * when a lock expires, not the replicas'.
 */
@Component
public class ReplicaLocks {

	private final LockProvider provider;

	ReplicaLocks(JdbcTemplate jdbcTemplate) {
		this.provider = new JdbcTemplateLockProvider(
				JdbcTemplateLockProvider.Configuration.builder().withJdbcTemplate(jdbcTemplate).usingDbTime().build());
	}

	/**
	 * Takes a lock if no replica holds it.
	 * @param name the lock, at most 64 characters
	 * @param lockAtMostFor when the lock expires if its holder dies
	 * @param lockAtLeastFor how long the lock stays taken even once released
	 * @return the lock, or empty when another replica holds it
	 */
	public Optional<SimpleLock> tryLock(String name, Duration lockAtMostFor, Duration lockAtLeastFor) {
		return this.provider.lock(new LockConfiguration(ClockProvider.now(), name, lockAtMostFor, lockAtLeastFor));
	}

}
