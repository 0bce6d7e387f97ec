package io.codexlb.admin.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.codexlb.account.AccountStatus;
import io.codexlb.apikey.ApiKeyService;
import io.codexlb.catalog.CatalogAdministration;
import io.codexlb.catalog.CatalogProperties;
import io.codexlb.catalog.CatalogStatus;
import io.codexlb.usage.UsageRange;
import io.codexlb.usage.UsageReports;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The console's first page: the catalog, the accounts (those that need a new login
 * first), the keys, the last day's requests and the health of the stores.
 */
@Controller
@ConsoleEnabled
class OverviewController {

	private final CatalogAdministration catalog;

	private final CatalogProperties catalogProperties;

	private final ApiKeyService apiKeys;

	private final UsageReports usage;

	private final HealthContributorRegistry health;

	private final Clock clock;

	OverviewController(CatalogAdministration catalog, CatalogProperties catalogProperties, ApiKeyService apiKeys,
			UsageReports usage, HealthContributorRegistry health, Clock clock) {
		this.catalog = catalog;
		this.catalogProperties = catalogProperties;
		this.apiKeys = apiKeys;
		this.usage = usage;
		this.health = health;
		this.clock = clock;
	}

	@GetMapping(ConsoleRoutes.ROOT)
	String overview(Model model) {
		Instant now = this.clock.instant();
		CatalogStatus status = this.catalog.status();
		model.addAttribute("active", "overview");
		model.addAttribute("catalog", status);
		model.addAttribute("catalogState", catalogState(status, now));
		model.addAttribute("catalogAge", ConsoleFormat.span(Duration.between(status.builtAt(), now)));
		model.addAttribute("accounts", accountsNeedingLoginFirst(status.accounts()));
		model.addAttribute("accountCounts", accountCounts(status.accounts()));
		Map<String, Long> keyCounts = new LinkedHashMap<>();
		this.apiKeys.countByStatus().forEach((state, count) -> keyCounts.put(state.wireName(), count));
		model.addAttribute("keyCounts", keyCounts);
		Instant to = now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
		model.addAttribute("chart", UsageChart.of(this.usage.series(null,
				new UsageRange(to.minus(Duration.ofHours(24)), to, UsageRange.Granularity.HOUR))));
		model.addAttribute("database", health("db"));
		model.addAttribute("rateLimit", health("rateLimit"));
		return "console/overview";
	}

	// live, bootstrap (no account list yet), or stale: no round has refreshed it for two
	// refresh intervals
	private String catalogState(CatalogStatus status, Instant now) {
		if ("bootstrap".equals(status.source())) {
			return "bootstrap";
		}
		Instant refreshed = (status.refreshedAt() != null) ? status.refreshedAt() : status.builtAt();
		return refreshed.plus(this.catalogProperties.refreshInterval().multipliedBy(2)).isBefore(now) ? "stale"
				: "live";
	}

	private static List<CatalogStatus.AccountState> accountsNeedingLoginFirst(List<CatalogStatus.AccountState> states) {
		return states.stream()
			.sorted(Comparator
				.comparing((CatalogStatus.AccountState state) -> !AccountStatus.REAUTH_REQUIRED.wireName()
					.equals(state.status()))
				.thenComparing(CatalogStatus.AccountState::name))
			.toList();
	}

	// from the status, which has read every account already
	private static Map<String, Long> accountCounts(List<CatalogStatus.AccountState> accounts) {
		String active = AccountStatus.ACTIVE.wireName();
		long reauth = accounts.stream()
			.filter((account) -> AccountStatus.REAUTH_REQUIRED.wireName().equals(account.status()))
			.count();
		long disabled = accounts.stream().filter((account) -> !account.enabled()).count();
		long usable = accounts.stream()
			.filter((account) -> account.enabled() && active.equals(account.status()))
			.count();
		return Map.of("total", (long) accounts.size(), "usable", usable, "reauth", reauth, "disabled", disabled);
	}

	private StoreHealth health(String name) {
		HealthContributor contributor = this.health.getContributor(name);
		if (!(contributor instanceof HealthIndicator indicator)) {
			return new StoreHealth("UNKNOWN", null);
		}
		Health result = indicator.health();
		Object detail = result.getDetails().getOrDefault("store", result.getDetails().get("database"));
		return new StoreHealth(result.getStatus().getCode(), (detail != null) ? detail.toString() : null);
	}

	/**
	 * A store's health as the health endpoint reports it.
	 *
	 * @param status {@code UP}, {@code DEGRADED}, {@code DOWN}
	 * @param detail what the store is, when the health says
	 */
	record StoreHealth(String status, @Nullable String detail) {

	}

}
