package io.codexlb.admin;

import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The body of {@code PATCH /api/accounts/{id}}: the fields it has change, the others stay
 * as they are; neither can be cleared with {@code null}.
 *
 * @param name the new unique name
 * @param enabled whether the catalog uses the account
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record AccountUpdateRequest(@ValidName @Nullable String name, @Nullable Boolean enabled) {

	AccountUpdateRequest {
		name = (name != null) ? name.strip() : null;
	}

	/**
	 * Refuses a field the body sends as {@code null}.
	 * @param fields the fields the body has
	 * @return this request
	 */
	AccountUpdateRequest withoutNulls(Set<String> fields) {
		PatchBinder.refuseNull(fields, "name", this.name, "'name' must not be null.");
		PatchBinder.refuseNull(fields, "enabled", this.enabled, "'enabled' must be true or false.");
		return this;
	}

}
