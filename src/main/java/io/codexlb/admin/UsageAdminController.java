package io.codexlb.admin;

import java.util.List;

import io.codexlb.apikey.ApiKey;
import io.codexlb.apikey.ApiKeyService;
import io.codexlb.usage.UsageRange;
import io.codexlb.usage.UsageReports;
import io.codexlb.usage.UsageSeries;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The admin API of usage: a key's requests per step, and the instance's with the keys
 * that made the most. Both hold what the replicas have flushed (every
 * {@code codex-lb.usage.flush-interval}).
 */
@RestController
class UsageAdminController {

	static final int TOP_KEYS = 10;

	private final UsageReports usage;

	private final ApiKeyService keys;

	UsageAdminController(UsageReports usage, ApiKeyService keys) {
		this.usage = usage;
		this.keys = keys;
	}

	@GetMapping(path = "/api/api-keys/{id}/usage", produces = "application/json")
	ResponseEntity<UsageResponses.KeySeries> keyUsage(@PathVariable String id,
			@RequestParam(required = false) @Nullable String from, @RequestParam(required = false) @Nullable String to,
			@RequestParam(required = false) @Nullable String granularity) {
		UsageRange range = this.usage.range(from, to, granularity);
		ApiKey key = this.keys.get(id);
		UsageSeries series = this.usage.series(key.id(), range);
		return AdminResponses.ok(new UsageResponses.KeySeries("api_key.usage", key.id(), range.granularity().wireName(),
				range.from().toString(), range.to().toString(), UsageResponses.counts(series.totals()),
				UsageResponses.points(series)));
	}

	@GetMapping(path = "/api/usage", produces = "application/json")
	ResponseEntity<UsageResponses.InstanceSeries> instanceUsage(@RequestParam(required = false) @Nullable String from,
			@RequestParam(required = false) @Nullable String to,
			@RequestParam(required = false) @Nullable String granularity) {
		UsageRange range = this.usage.range(from, to, granularity);
		UsageSeries series = this.usage.series(null, range);
		List<UsageResponses.TopKey> top = this.usage.topKeys(range, TOP_KEYS).stream().map((usage) -> {
			ApiKey key = this.keys.find(usage.keyId()).orElse(null);
			// a deleted key's requests stay in the totals
			return new UsageResponses.TopKey(usage.keyId(), (key != null) ? key.name() : null,
					(key != null) ? key.keyPrefix() : null, key == null, UsageResponses.counts(usage.counts()));
		}).toList();
		return AdminResponses
			.ok(new UsageResponses.InstanceSeries("usage", range.granularity().wireName(), range.from().toString(),
					range.to().toString(), UsageResponses.counts(series.totals()), UsageResponses.points(series), top));
	}

}
