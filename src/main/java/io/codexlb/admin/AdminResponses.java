package io.codexlb.admin;

import java.time.Instant;
import java.util.List;

import io.codexlb.error.ResponseHeaders;
import org.jspecify.annotations.Nullable;

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
	 * The answer to a delete.
	 *
	 * @param id the deleted record's id
	 * @param object such as {@code api_key.deleted}
	 * @param deleted always {@code true}
	 */
	record Deleted(String id, String object, boolean deleted) {

	}

}
