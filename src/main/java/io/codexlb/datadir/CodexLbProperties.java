package io.codexlb.datadir;

import java.nio.file.Path;

import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Service-wide settings.
 *
 * @param dataDir directory for the embedded database and the generated secret files
 * (admin key); made readable only by its owner at start
 * @param adminKey an admin API key to install at start instead of generating one
 * (environment variable {@code CODEX_LB_ADMIN_KEY}); must have the API key format
 */
@Validated
@ConfigurationProperties("codex-lb")
public record CodexLbProperties(@NotNull @DefaultValue("./data") Path dataDir, @Nullable String adminKey) {

	@Override
	public String toString() {
		return "CodexLbProperties[dataDir=" + this.dataDir + ", adminKey=" + ((this.adminKey != null) ? "<set>" : null)
				+ "]";
	}

}
