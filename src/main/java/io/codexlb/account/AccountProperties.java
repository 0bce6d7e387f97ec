package io.codexlb.account;

import java.nio.file.Path;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Accounts declared in configuration, and the key their tokens are encrypted with.
 *
 * @param accounts accounts to import at start from Codex CLI {@code auth.json} files
 * @param encryptionKey the AES-256 key (32 bytes, base64) that encrypts account tokens at
 * rest (environment variable {@code CODEX_LB_ENCRYPTION_KEY}); without it a key is
 * generated once into {@code <data-dir>/encryption-key}
 */
@Validated
@ConfigurationProperties("codex-lb")
public record AccountProperties(@Valid @DefaultValue List<DeclaredAccount> accounts, @Nullable String encryptionKey) {

	@Override
	public String toString() {
		return "AccountProperties[accounts=" + this.accounts + ", encryptionKey="
				+ ((this.encryptionKey != null) ? "<set>" : null) + "]";
	}

	/**
	 * An account declared in configuration.
	 *
	 * @param authFile the {@code auth.json} written by {@code codex login}
	 * @param name the account's name, by default its e-mail address
	 */
	public record DeclaredAccount(@NotNull Path authFile, @Nullable String name) {

	}

}
