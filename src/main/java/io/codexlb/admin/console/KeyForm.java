package io.codexlb.admin.console;

import java.math.BigInteger;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.codexlb.apikey.ApiKey;
import io.codexlb.apikey.KeyRateLimit;
import io.codexlb.error.ApiError;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The console's form of a key, turned into the body the admin API's routes take: the form
 * refuses only what it cannot put into JSON (a count that is not a number, a time that is
 * not one); everything else is validated as the JSON routes validate it.
 *
 * @param name the name
 * @param allowedModels the models picked from the catalog
 * @param otherModels more model ids, separated by spaces or commas
 * @param binding {@code all} for every account, {@code some} for those picked
 * @param accountIds the accounts picked
 * @param requestsPerMinute the rate limit, empty for the default policy
 * @param requestsPerDay the daily quota, empty for none
 * @param expiresAt when the key stops working (UTC), empty for never
 * @param admin whether it is an admin key (on creation only; unticked, it is not sent)
 */
record KeyForm(@Nullable String name, @Nullable List<String> allowedModels, @Nullable String otherModels,
		@Nullable String binding, @Nullable List<String> accountIds, @Nullable String requestsPerMinute,
		@Nullable String requestsPerDay, @Nullable String expiresAt, @Nullable Boolean admin) {

	static KeyForm empty() {
		return new KeyForm("", List.of(), "", "all", List.of(), "", "", "", false);
	}

	/**
	 * The form of a key as it is.
	 * @param key the key
	 * @param catalogModels the models the form offers to pick; the key's others are
	 * written out, so that a save keeps them
	 * @param format the formats
	 * @return the form
	 */
	static KeyForm of(ApiKey key, Set<String> catalogModels, ConsoleFormat format) {
		KeyRateLimit limit = key.rateLimit();
		Integer perDay = (limit != null) ? limit.requestsPerDay() : null;
		Set<String> allowed = new TreeSet<>(key.allowedModels());
		List<String> picked = allowed.stream().filter(catalogModels::contains).toList();
		String others = String.join(" ", allowed.stream().filter((id) -> !catalogModels.contains(id)).toList());
		return new KeyForm(key.name(), new ArrayList<>(picked), others, (key.accountIds() != null) ? "some" : "all",
				(key.accountIds() != null) ? new ArrayList<>(key.accountIds()) : List.of(),
				(limit != null) ? Integer.toString(limit.requestsPerMinute()) : "",
				(perDay != null) ? perDay.toString() : "", format.input(key.expiresAt()), key.admin());
	}

	/**
	 * Every model the form names, picked or typed.
	 * @return the model ids
	 */
	public Set<String> models() {
		Set<String> models = new TreeSet<>();
		if (this.allowedModels != null) {
			this.allowedModels.stream().filter((id) -> !id.isBlank()).forEach(models::add);
		}
		if (this.otherModels != null) {
			for (String id : this.otherModels.split("[\\s,]+")) {
				if (!id.isBlank()) {
					models.add(id);
				}
			}
		}
		return models;
	}

	public boolean picked(String modelId) {
		return this.allowedModels != null && this.allowedModels.contains(modelId);
	}

	public boolean bound(String accountId) {
		return this.accountIds != null && this.accountIds.contains(accountId);
	}

	public boolean someAccounts() {
		return "some".equals(this.binding);
	}

	/**
	 * The body of {@code POST /api/api-keys}.
	 * @param json the mapper
	 * @return the body
	 * @throws io.codexlb.error.ApiException a 400 for a count or time that is not one
	 */
	ObjectNode createBody(JsonMapper json) {
		ObjectNode body = updateBody(json);
		body.put("admin", Boolean.TRUE.equals(this.admin));
		return body;
	}

	/**
	 * The body of {@code PATCH /api/api-keys/{id}} with the fields the operator changed:
	 * a field left as it was is not sent, so an expiry shown to the minute is not moved,
	 * and the audit row names what changed.
	 * @param current the form of the key as it is
	 * @param json the mapper
	 * @return the body
	 * @throws io.codexlb.error.ApiException a 400 for a count or time that is not one
	 */
	ObjectNode changesFrom(KeyForm current, JsonMapper json) {
		ObjectNode body = updateBody(json);
		ObjectNode before = current.updateBody(json);
		before.propertyNames().forEach((field) -> {
			if (before.get(field).equals(body.get(field))) {
				body.remove(field);
			}
		});
		return body;
	}

	/**
	 * The body of {@code PATCH /api/api-keys/{id}}, with every field the form has.
	 * @param json the mapper
	 * @return the body
	 * @throws io.codexlb.error.ApiException a 400 for a count or time that is not one
	 */
	ObjectNode updateBody(JsonMapper json) {
		ObjectNode body = json.createObjectNode();
		body.put("name", (this.name != null) ? this.name : "");
		ArrayNode models = body.putArray("allowed_models");
		models().forEach(models::add);
		if (someAccounts()) {
			ArrayNode accounts = body.putArray("account_ids");
			if (this.accountIds != null) {
				new TreeSet<>(this.accountIds).forEach(accounts::add);
			}
		}
		else {
			body.putNull("account_ids");
		}
		BigInteger perMinute = count(this.requestsPerMinute, "rate_limit.requests_per_minute", "Requests per minute");
		BigInteger perDay = count(this.requestsPerDay, "rate_limit.requests_per_day", "Requests per day");
		if (perMinute != null || perDay != null) {
			ObjectNode limit = body.putObject("rate_limit");
			if (perMinute != null) {
				limit.put("requests_per_minute", perMinute);
			}
			if (perDay != null) {
				limit.put("requests_per_day", perDay);
			}
		}
		else {
			body.putNull("rate_limit");
		}
		if (this.expiresAt != null && !this.expiresAt.isBlank()) {
			body.put("expires_at", utc(this.expiresAt));
		}
		else {
			body.putNull("expires_at");
		}
		return body;
	}

	private static @Nullable BigInteger count(@Nullable String value, String param, String label) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String digits = value.strip().replace(",", "").replace("_", "");
		if (!digits.matches("\\d{1,18}")) {
			throw ApiError.invalidRequest(param, label + " must be a whole number.").exception();
		}
		return new BigInteger(digits);
	}

	// a datetime-local field: a time without a zone, taken as UTC as the page says
	private static String utc(String value) {
		try {
			return LocalDateTime.parse(value.strip()).toInstant(ZoneOffset.UTC).toString();
		}
		catch (DateTimeParseException ex) {
			throw ApiError
				.invalidRequest("expires_at",
						"Expires at must be a date and time such as 2027-01-31T18:00 (UTC), not '"
								+ ApiError.excerpt(value) + "'.")
				.exception();
		}
	}

}
