package io.codexlb.web;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import io.codexlb.apikey.ApiKey;
import io.codexlb.apikey.ApiKeyGrant;
import io.codexlb.apikey.ApiKeyService;
import io.codexlb.error.ApiError;
import io.codexlb.error.ResponseHeaders;
import io.codexlb.ratelimit.RateLimitWindow;
import io.codexlb.ratelimit.RateLimiter;
import io.codexlb.usage.UsageReports;
import io.codexlb.usage.UsageSeries;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A key's own view of itself, for the client that holds it: its name and scope, each
 * window of its rate limit as it stands, and its requests of the last days. Reading it
 * takes no rate-limit token. The key reaches it through the catch-all security chain,
 * which answers 401 for a key that is unknown, disabled or expired.
 */
@RestController
class KeyUsageController {

	static final int DAYS = 7;

	private final ApiKeyService keys;

	private final RateLimiter rateLimiter;

	private final UsageReports usage;

	KeyUsageController(ApiKeyService keys, RateLimiter rateLimiter, UsageReports usage) {
		this.keys = keys;
		this.rateLimiter = rateLimiter;
		this.usage = usage;
	}

	@GetMapping(path = { "/v1/usage", "/backend-api/codex/usage" }, produces = "application/json")
	ResponseEntity<KeyUsageWire.KeyUsage> usage(@AuthenticationPrincipal ApiKeyGrant grant) {
		// the key was deleted since its grant was cached: as if it were unknown
		ApiKey key = this.keys.find(grant.keyId()).orElseThrow(() -> ApiError.invalidApiKey().exception());
		UsageSeries days = this.usage.lastDays(key.id(), DAYS);
		List<KeyUsageWire.Day> daily = days.points()
			.stream()
			.map((point) -> KeyUsageWire.day(LocalDate.ofInstant(point.start(), ZoneOffset.UTC), point.counts()))
			.toList();
		List<RateLimitWindow> windows = this.rateLimiter.read(grant);
		if (windows == null) {
			// as the models routes answer while the limiter cannot decide
			throw ApiError.serviceUnavailable("Rate limiting is temporarily unavailable. Please retry shortly.")
				.exception();
		}
		// the scope and the limits as the models routes apply them: the key's grant
		KeyUsageWire.KeyUsage body = new KeyUsageWire.KeyUsage("api_key.usage", key.name(), grant.keyPrefix(),
				grant.allowedModels().isEmpty() ? null : grant.allowedModels().stream().sorted().toList(),
				(grant.expiresAt() != null) ? grant.expiresAt().toString() : null,
				windows.stream()
					.map((window) -> new KeyUsageWire.Window(window.window(), window.limit(), window.remaining(),
							window.resetSeconds()))
					.toList(),
				daily.get(daily.size() - 1).total(), daily);
		return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, ResponseHeaders.PRIVATE_NO_CACHE).body(body);
	}

}
