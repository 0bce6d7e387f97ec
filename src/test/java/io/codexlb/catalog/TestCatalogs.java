package io.codexlb.catalog;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.codexlb.support.MutableClock;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * Snapshots built by the catalog's own merger and assembler, without a database, for the
 * tests of other packages: every entry given must state its {@code created} time, so that
 * no first-seen time is looked up.
 */
public final class TestCatalogs {

	private static final JsonMapper json = JsonMapper.builder().build();

	private TestCatalogs() {
	}

	/**
	 * The settings of a catalog with overrides.
	 * @param overrides the operator's overrides
	 * @return the settings
	 */
	public static CatalogProperties properties(Map<String, CatalogProperties.ModelOverride> overrides) {
		return new CatalogProperties("codex-lb", true, "classpath:catalog/bootstrap-models.json", 1024,
				Duration.ofMinutes(5), Duration.ofHours(24), 4, overrides, Duration.ofSeconds(2), Duration.ofDays(90));
	}

	/**
	 * The snapshot of the accounts' merged lists.
	 * @param lists each account's {@code models} array, in the order of precedence
	 * @param overrides the operator's overrides
	 * @return the snapshot
	 */
	public static CatalogSnapshot merged(List<AccountList> lists,
			Map<String, CatalogProperties.ModelOverride> overrides) {
		JsonNode document = CatalogMerger.merge(
				lists.stream().map((list) -> new CatalogMerger.AccountList(list.accountId(), list.models())).toList(),
				json);
		return assembler(overrides).assemble(document, 1, CatalogSnapshot.Source.UPSTREAM);
	}

	/**
	 * The snapshot of the bootstrap catalog.
	 * @param document the catalog, upstream-shaped
	 * @param overrides the operator's overrides
	 * @param standInAccounts the enabled accounts it stands in for
	 * @return the snapshot
	 */
	public static CatalogSnapshot bootstrap(JsonNode document, Map<String, CatalogProperties.ModelOverride> overrides,
			List<String> standInAccounts) {
		return assembler(overrides).bootstrap(document, 1, standInAccounts);
	}

	private static CatalogAssembler assembler(Map<String, CatalogProperties.ModelOverride> overrides) {
		Clock clock = new MutableClock();
		// never queried: the entries state their creation time
		ModelFirstSeenStore firstSeen = new ModelFirstSeenStore(JdbcClient.create(new SimpleDriverDataSource()), clock);
		return new CatalogAssembler(firstSeen, properties(overrides), json, clock);
	}

	/**
	 * One account's list.
	 *
	 * @param accountId the account
	 * @param models its {@code models} array
	 */
	public record AccountList(String accountId, JsonNode models) {

	}

}
