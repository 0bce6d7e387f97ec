package io.codexlb.admin;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import io.codexlb.apikey.NewApiKey;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The body of {@code POST /api/api-keys}. Nothing is stored unless the whole body binds
 * and is valid.
 *
 * @param name the unique name
 * @param allowedModels the models the key may use (at most 1000), {@code null} or empty
 * for all
 * @param accountIds the accounts whose models the key lists (1 to 1000), {@code null} for
 * all
 * @param expiresAt when the key stops working, {@code null} for never
 * @param rateLimit the key's own rate limit, {@code null} for the default policy
 * @param admin whether the key may use the admin API, {@code false} when {@code null}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record ApiKeyCreateRequest(@NotNull(message = "Missing required parameter: 'name'.") @ValidName @Nullable String name,
		@Size(max = 1000, message = "'allowed_models' may list at most {max} models.") @JsonSetter(
				contentNulls = Nulls.FAIL) @Nullable List<@ModelId String> allowedModels,
		@AccountIds @JsonSetter(contentNulls = Nulls.FAIL) @Nullable List<String> accountIds,
		@Future(message = "'expires_at' must be in the future.") @JsonDeserialize(
				using = ExpiresAtDeserializer.class) @Nullable Instant expiresAt,
		@Valid @Nullable RateLimitRequest rateLimit, @Nullable Boolean admin) {

	ApiKeyCreateRequest {
		name = (name != null) ? name.strip() : null;
	}

	/**
	 * The key to create, once Bean Validation has found the body valid.
	 * @return the key
	 */
	NewApiKey newApiKey() {
		if (this.name == null) {
			throw new IllegalStateException("name was not validated");
		}
		return new NewApiKey(this.name, modelIds(this.allowedModels), accountIds(this.accountIds), this.expiresAt,
				(this.rateLimit != null) ? this.rateLimit.keyRateLimit() : null, Boolean.TRUE.equals(this.admin));
	}

	// an account listed twice is bound once
	static @Nullable Set<String> accountIds(@Nullable List<String> accountIds) {
		return (accountIds != null) ? Set.copyOf(accountIds) : null;
	}

	// a model listed twice is allowed once
	static Set<String> modelIds(@Nullable List<String> allowedModels) {
		return (allowedModels != null) ? Set.copyOf(allowedModels) : Set.of();
	}

}
