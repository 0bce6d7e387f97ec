package io.codexlb.admin;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.codexlb.error.ResponseHeaders;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;

/**
 * The answers the admin routes share: a private 200, a list, a deletion, and the ISO-8601
 * form of their times.
 */
final class AdminResponses {

	private AdminResponses() {
	}

	static <T> ResponseEntity<T> ok(T body) {
		return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, ResponseHeaders.PRIVATE_NO_CACHE).body(body);
	}

	static <T> ResponseEntity<ListOf<T>> list(List<T> data) {
		return ok(new ListOf<>("list", data));
	}

	/**
	 * A page of a list read newest first.
	 * @param <T> the entry type
	 * @param data the entries, newest first
	 * @param hasMore whether older entries match too
	 * @param id the id of an entry, the {@code after} of the page that follows it
	 * @return the answer
	 */
	static <T> ResponseEntity<PageOf<T>> page(List<T> data, boolean hasMore, Function<T, String> id) {
		return ok(new PageOf<>("list", data, hasMore, data.isEmpty() ? null : id.apply(data.get(data.size() - 1))));
	}

	static ResponseEntity<Deleted> deleted(String id, String object) {
		return ok(new Deleted(id, object, true));
	}

	static @Nullable String iso(@Nullable Instant instant) {
		return (instant != null) ? instant.toString() : null;
	}

	/**
	 * A list of records.
	 *
	 * @param <T> the record type
	 * @param object always {@code list}
	 * @param data the records
	 */
	record ListOf<T>(String object, List<T> data) {

	}

	/**
	 * A page of a list read newest first: the audit log, the change history, the webhook
	 * deliveries.
	 *
	 * @param <T> the entry type
	 * @param object always {@code list}
	 * @param data the entries, newest first
	 * @param hasMore whether older entries match too
	 * @param lastId the id of the last entry, the {@code after} of the next page
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record PageOf<T>(String object, List<T> data, boolean hasMore, @Nullable String lastId) {

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
