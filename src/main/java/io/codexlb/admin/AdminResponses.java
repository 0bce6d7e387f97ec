package io.codexlb.admin;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.codexlb.database.ResultPage;
import io.codexlb.error.ResponseHeaders;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;

/**
 * The answers the admin routes share: a private 200, a page of a list, a deletion, and
 * the ISO-8601 form of their times.
 */
final class AdminResponses {

	private AdminResponses() {
	}

	static <T> ResponseEntity<T> ok(T body) {
		return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, ResponseHeaders.PRIVATE_NO_CACHE).body(body);
	}

	/**
	 * A page of a list read newest first.
	 * @param <T> the entry type
	 * @param page the entries, newest first
	 * @param id the id of an entry, the {@code after} of the page that follows it
	 * @return the answer
	 */
	static <T> ResponseEntity<PageOf<T>> page(ResultPage<T> page, Function<T, String> id) {
		List<T> data = page.items();
		return ok(new PageOf<>("list", data, data.isEmpty() ? null : id.apply(data.get(0)),
				data.isEmpty() ? null : id.apply(data.get(data.size() - 1)), page.hasMore()));
	}

	static ResponseEntity<Deleted> deleted(String id, String object) {
		return ok(new Deleted(id, object, true));
	}

	static @Nullable String iso(@Nullable Instant instant) {
		return (instant != null) ? instant.toString() : null;
	}

	/**
	 * A page of a list read newest first: the API keys, the accounts, the audit log, the
	 * change history, the webhook deliveries.
	 *
	 * @param <T> the entry type
	 * @param object always {@code list}
	 * @param data the entries, newest first
	 * @param firstId the id of the first entry, {@code null} on an empty page
	 * @param lastId the id of the last entry, the {@code after} of the next page;
	 * {@code null} on an empty page
	 * @param hasMore whether older entries match too
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record PageOf<T>(String object, List<T> data, @Nullable String firstId, @Nullable String lastId, boolean hasMore) {

	}

	/**
	 * The answer to a delete.
	 *
	 * @param id the deleted record's id
	 * @param object such as {@code api_key.deleted}
	 * @param deleted always {@code true}
	 */
	record Deleted(String id, String object, boolean deleted) {

	}

}
