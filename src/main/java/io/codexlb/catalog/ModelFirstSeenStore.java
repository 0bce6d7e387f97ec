package io.codexlb.catalog;

import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Remembers when this instance first saw each model, so that a model's {@code created}
 * never changes across refreshes and restarts.
 */
@Component
class ModelFirstSeenStore {

	private final JdbcClient jdbc;

	private final Clock clock;

	ModelFirstSeenStore(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Returns the first-seen time of each model, recording now for those never seen.
	 * @param modelIds the model ids
	 * @return epoch seconds by model id, for every id given
	 */
	Map<String, Long> firstSeen(Collection<String> modelIds) {
		Map<String, Long> known = all();
		long now = this.clock.instant().getEpochSecond();
		for (String modelId : modelIds) {
			if (known.containsKey(modelId)) {
				continue;
			}
			try {
				this.jdbc.sql("INSERT INTO model_first_seen (model_id, first_seen_at) VALUES (?, ?)")
					.params(modelId, now)
					.update();
				known.put(modelId, now);
			}
			catch (DuplicateKeyException ex) {
				// another replica recorded it first: its time wins
				known.put(modelId,
						this.jdbc.sql("SELECT first_seen_at FROM model_first_seen WHERE model_id = ?")
							.param(modelId)
							.query(Long.class)
							.single());
			}
		}
		return known;
	}

	private Map<String, Long> all() {
		Map<String, Long> known = new HashMap<>();
		this.jdbc.sql("SELECT model_id, first_seen_at FROM model_first_seen").query((rs) -> {
			known.put(rs.getString(1), rs.getLong(2));
		});
		return known;
	}

}
