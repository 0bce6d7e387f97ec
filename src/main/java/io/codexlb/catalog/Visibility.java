package io.codexlb.catalog;

import org.jspecify.annotations.Nullable;

/**
 * Where the Codex CLI shows a model: {@code list} models are offered to users,
 * {@code hide} and {@code none} models are internal.
 */
public enum Visibility {

	LIST("list"), HIDE("hide"), NONE("none");

	private final String wireName;

	Visibility(String wireName) {
		this.wireName = wireName;
	}

	String wireName() {
		return this.wireName;
	}

	static @Nullable Visibility fromWireName(String value) {
		for (Visibility visibility : values()) {
			if (visibility.wireName.equals(value)) {
				return visibility;
			}
		}
		return null;
	}

}
