package io.codexlb.catalog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import net.javacrumbs.shedlock.core.SimpleLock;

/**
 * Replica locks for the unit tests: the test says which ones another replica holds, and
 * reads which ones this replica took and released.
 */
final class FakeLocks implements RefreshCoordinator.Locks {

	private final Set<String> heldElsewhere = new HashSet<>();

	private final List<String> attempts = new ArrayList<>();

	private final List<String> taken = new ArrayList<>();

	private final List<String> released = new ArrayList<>();

	void holdElsewhere(String name) {
		this.heldElsewhere.add(name);
	}

	void releaseElsewhere(String name) {
		this.heldElsewhere.remove(name);
	}

	/**
	 * Every attempt to take a lock, held or not.
	 * @return each attempt as {@code name lockAtMostFor lockAtLeastFor}
	 */
	List<String> attempts() {
		return this.attempts;
	}

	List<String> taken() {
		return this.taken;
	}

	List<String> released() {
		return this.released;
	}

	@Override
	public Optional<SimpleLock> tryLock(String name, Duration lockAtMostFor, Duration lockAtLeastFor) {
		this.attempts.add(name + " " + lockAtMostFor + " " + lockAtLeastFor);
		if (this.heldElsewhere.contains(name)) {
			return Optional.empty();
		}
		this.taken.add(name);
		return Optional.of(() -> this.released.add(name));
	}

}
