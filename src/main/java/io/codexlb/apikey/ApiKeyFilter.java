package io.codexlb.apikey;

import org.jspecify.annotations.Nullable;

/**
 * Which keys a list shows.
 *
 * @param text only keys whose name contains it (in any case) or whose display prefix
 * starts with it, or {@code null} for any
 * @param status only keys in this state, or {@code null} for any
 */
public record ApiKeyFilter(@Nullable String text, @Nullable ApiKeyStatus status) {

	/**
	 * Every key.
	 */
	public static final ApiKeyFilter ANY = new ApiKeyFilter(null, null);

}
