package io.codexlb.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.codexlb.account.Account;
import io.codexlb.account.AccountStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The states {@code codex_lb_catalog_accounts} counts the accounts in.
 */
class CatalogAccountGaugesTest {

	private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

	@Test
	void countShouldSortEachAccountIntoOneState() {
		List<Account> accounts = List.of(account("good", true, AccountStatus.ACTIVE),
				account("failed", true, AccountStatus.ACTIVE), account("new", true, AccountStatus.ACTIVE),
				account("login", true, AccountStatus.REAUTH_REQUIRED), account("off", false, AccountStatus.ACTIVE),
				account("good-again", true, AccountStatus.ACTIVE));
		Map<String, AccountModelListStore.AccountModelList> lists = Map.of("good", list("good", NOW, null), "failed",
				list("failed", NOW, "HTTP 503"), "login", list("login", NOW, null), "good-again",
				list("good-again", NOW, null));
		assertThat(CatalogAccountGauges.count(accounts, lists)).containsExactlyInAnyOrderEntriesOf(
				Map.of(CatalogAccountGauges.State.HEALTHY, 2, CatalogAccountGauges.State.FAILING, 2,
						CatalogAccountGauges.State.REAUTH_REQUIRED, 1, CatalogAccountGauges.State.DISABLED, 1));
	}

	@Test
	void countWithNoAccountShouldReportZeroInEveryState() {
		assertThat(CatalogAccountGauges.count(List.of(), Map.of())).hasSize(4).allSatisfy((state, count) -> {
			assertThat(count).isZero();
		});
	}

	private static Account account(String id, boolean enabled, AccountStatus status) {
		return new Account(id, id, "chatgpt-" + id, "user-" + id, null, null, enabled, status, null, null, null, NOW);
	}

	private static AccountModelListStore.AccountModelList list(String id, Instant fetchedAt, String lastError) {
		return new AccountModelListStore.AccountModelList(id, "[]", 0, fetchedAt, NOW, lastError);
	}

}
