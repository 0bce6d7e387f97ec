package io.codexlb.admin;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import io.codexlb.apikey.ApiKeyChanges;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The body of {@code PATCH /api/api-keys/{id}}: the fields it has change, the others stay
 * as they are. Sent as {@code null}, {@code allowed_models}, {@code account_ids},
 * {@code expires_at} and {@code rate_limit} are cleared; {@code name} and
 * {@code is_active} cannot be. Whether a key is an admin key is not among the fields: it
 * is fixed when the key is created.
 *
 * @param name the new unique name
 * @param allowedModels the new allowed models (at most 1000), {@code null} or empty for
 * all
 * @param accountIds the accounts whose models the key lists (1 to 1000), {@code null} for
 * all
 * @param expiresAt the new expiry, {@code null} for never
 * @param isActive whether the key works
 * @param rateLimit the new rate limit, {@code null} for the default policy
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record ApiKeyUpdateRequest(@ValidName @Nullable String name,
		@Size(max = 1000, message = "'allowed_models' may list at most {max} models.") @JsonSetter(
				contentNulls = Nulls.FAIL) @Nullable List<@ModelId String> allowedModels,
		@AccountIds @JsonSetter(contentNulls = Nulls.FAIL) @Nullable List<String> accountIds,
		@Future(message = "'expires_at' must be in the future.") @JsonDeserialize(
				using = ExpiresAtDeserializer.class) @Nullable Instant expiresAt,
		@Nullable Boolean isActive, @Valid @Nullable RateLimitRequest rateLimit) {

	ApiKeyUpdateRequest {
		name = (name != null) ? name.strip() : null;
	}

	/**
	 * The changes the body asks for, once Bean Validation has found it valid.
	 * @param fields the fields the body has
	 * @return the changes
	 */
	ApiKeyChanges changes(Set<String> fields) {
		PatchBinder.refuseNull(fields, "name", this.name, "'name' must not be null.");
		PatchBinder.refuseNull(fields, "is_active", this.isActive, "'is_active' must be true or false.");
		return new ApiKeyChanges(this.name,
				fields.contains("allowed_models") ? ApiKeyCreateRequest.modelIds(this.allowedModels) : null,
				fields.contains("account_ids"), ApiKeyCreateRequest.accountIds(this.accountIds),
				fields.contains("expires_at"), this.expiresAt, this.isActive, fields.contains("rate_limit"),
				(this.rateLimit != null) ? this.rateLimit.keyRateLimit() : null);
	}

}
