package io.codexlb.apikey;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of API key resolution.
 *
 * @param cacheTtl how long a resolved key is kept in memory before it is read from the
 * store again; bounds how long a change made elsewhere can go unseen
 * @param cacheMaxSize how many resolved keys are kept in memory
 * @param lastUsedFlushInterval how often the {@code last_used_at} times are written to
 * the store
 * @param changePollInterval how often a replica checks whether another replica changed a
 * key
 */
@Validated
@ConfigurationProperties("codex-lb.api-keys")
public record ApiKeyProperties(@NotNull @DefaultValue("30s") Duration cacheTtl,
		@Min(1) @DefaultValue("10000") int cacheMaxSize, @NotNull @DefaultValue("10s") Duration lastUsedFlushInterval,
		@NotNull @DefaultValue("1s") Duration changePollInterval) {

}
