package io.codexlb.catalog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.codexlb.account.AccessTokens;
import io.codexlb.account.AccountService;
import io.codexlb.support.UpstreamServerTestSupport;
import io.codexlb.support.UpstreamStandIn;
import io.codexlb.upstream.UpstreamModelsClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A round's fetches end with its budget: the late ones are cancelled (one waiting for a
 * fetcher never calls the upstream) and count as failed, and the counters of removed
 * accounts leave the registry.
 */
class RoundFetchBudgetTest extends UpstreamServerTestSupport {

	@Autowired
	private CatalogRefresher refresher;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private AccountService accounts;

	@Autowired
	private AccessTokens accessTokens;

	@Autowired
	private UpstreamModelsClient client;

	@Autowired
	private AccountModelListStore lists;

	@Autowired
	private CatalogProperties properties;

	@Autowired
	private JsonMapper jsonMapper;

	@Test
	void fetchesPastTheBudgetShouldBeCancelledAndNeverStartIfTheyWaited() {
		List<Login> logins = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			Login login = login("budget-" + i);
			upstream.models(login.accessToken(), UpstreamStandIn.json(200, models(entry("budget-" + i, 1, "B"))));
			add(login);
			logins.add(login);
		}
		// the rounds that adding the accounts asked for are over
		refresh();
		// a refresher of its own, with its own fetchers: one more slow account than
		// fetchers, so that the last one waits
		CatalogRefresher ownRefresher = new CatalogRefresher(this.accounts, this.accessTokens, this.client, this.lists,
				this.properties, this.jsonMapper, this.clock, new SimpleMeterRegistry());
		try {
			assertThat(this.properties.fetchConcurrency()).isEqualTo(4);
			for (Login login : logins) {
				upstream.models(login.accessToken(),
						UpstreamStandIn.json(200, models(entry("budget-slow", 1, "slow"))).withFixedDelay(2_000));
			}
			upstream.server().resetRequests();
			Map<String, CatalogRefresher.FetchOutcome> late = ownRefresher.fetchAll(Duration.ofMillis(300));
			assertThat(late).hasSize(5);
			assertThat(late.values()).allSatisfy((outcome) -> {
				assertThat(outcome.models()).isNull();
				assertThat(outcome.error()).isEqualTo("fetch did not finish within the round's 300 ms");
			});
			for (Login login : logins) {
				upstream.models(login.accessToken(), UpstreamStandIn.json(200, models(entry("budget-fast", 1, "F"))));
			}
			// the fetchers take their work in order: a waiting fetch that was not
			// cancelled would call the upstream before this round's fetches
			assertThat(ownRefresher.fetchAll(Duration.ofMinutes(1)).values())
				.allSatisfy((outcome) -> assertThat(outcome.models()).isNotNull());
			assertThat(upstream.server().findAll(getRequestedFor(urlPathEqualTo(UpstreamStandIn.MODELS_PATH))))
				.as("four slow fetches started, the waiting one never did, then five fast ones")
				.hasSize(9);
		}
		finally {
			ownRefresher.stop();
		}
	}

	@Test
	void countersOfARemovedAccountShouldLeaveTheRegistry() {
		Login kept = login("budget-kept");
		Login removed = login("budget-removed");
		upstream.models(kept.accessToken(), UpstreamStandIn.json(200, models(entry("budget-kept", 1, "kept"))));
		upstream.models(removed.accessToken(), UpstreamStandIn.json(200, models(entry("budget-gone", 1, "gone"))));
		String keptId = add(kept);
		String removedId = add(removed);
		refresh();
		assertThat(accountsCounted()).contains(keptId, removedId);
		// the account gauges read the last fetches (not the lists) at most every 10 s
		this.clock.advance(CatalogAccountGauges.MAX_AGE);
		assertThat(this.meters.get("codex_lb_catalog_accounts").tag("state", "healthy").gauge().value()).isEqualTo(2);
		assertThat(http()
			.send(http().request("/api/accounts/" + removedId)
				.header("Authorization", "Bearer " + adminKey())
				.DELETE()
				.build())
			.statusCode()).isEqualTo(200);
		refresh();
		assertThat(accountsCounted()).contains(keptId).doesNotContain(removedId);
	}

	private List<String> accountsCounted() {
		return this.meters.find("codex_lb_catalog_refreshes")
			.counters()
			.stream()
			.map((counter) -> counter.getId().getTag("account"))
			.toList();
	}

}
