package io.codexlb.web;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.codexlb.catalog.CatalogExplanation;
import io.codexlb.catalog.CatalogProperties;
import io.codexlb.catalog.CatalogReason;
import io.codexlb.catalog.CatalogScope;
import io.codexlb.catalog.CatalogSnapshot;
import io.codexlb.catalog.TestCatalogs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over random accounts (enabled or not, fresh or stale, with random lists), operator
 * overrides and keys (allowed models and account bindings), the catalog explanation of a
 * key says exactly what the models routes render for it: its {@code listed} models are
 * the {@code data} list, its {@code in_codex_models} the Codex array, every model it does
 * not list has a reason, and a listed one none.
 */
class CatalogExplanationPropertiesTest {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final List<String> MODELS = List.of("m0", "m1", "m2", "m3", "m4", "m5", "m6");

	private static final List<String> ACCOUNTS = List.of("acct-0", "acct-1", "acct-2", "acct-3");

	private static final JsonNode BOOTSTRAP = json.readTree("""
			{"models":[
			 {"slug":"m0","priority":1,"created":1750000000},
			 {"slug":"m1","priority":2,"created":1750000000,"visibility":"hide"},
			 {"slug":"boot-only","priority":3,"created":1750000000,"supported_in_api":false}]}
			""");

	@Property(tries = 600)
	void explainedListsShouldBeTheRenderedLists(@ForAll("instances") Instance instance) {
		CatalogSnapshot snapshot = instance.snapshot();
		ModelsRenderer renderer = new ModelsRenderer(json, TestCatalogs.properties(instance.overrides()),
				new SimpleMeterRegistry());
		CatalogExplanation explanation = CatalogExplanation.explain(snapshot, instance.scope(),
				instance.accountModels());

		JsonNode list = json.readTree(renderer.list(snapshot, instance.scope(), false).identity());
		JsonNode codex = json.readTree(renderer.list(snapshot, instance.scope(), true).identity());
		List<String> data = ids(list.get("data"), "id");
		assertThat(ids(codex.get("data"), "id")).isEqualTo(data);
		Set<String> listed = new LinkedHashSet<>();
		Set<String> inCodex = new LinkedHashSet<>();
		for (CatalogExplanation.ModelExplanation model : explanation.models()) {
			if (model.listed()) {
				listed.add(model.id());
				assertThat(model.reasons()).as(model.id()).isEmpty();
				assertThat(model.inCodexModels()).as(model.id()).isTrue();
			}
			else {
				assertThat(model.reasons()).as("%s is not listed, and says why", model.id()).isNotEmpty();
			}
			if (model.inCodexModels()) {
				inCodex.add(model.id());
			}
			else {
				assertThat(model.reasons()).as("%s is not shown to the Codex CLI, and says why", model.id())
					.anyMatch(CatalogExplanationPropertiesTest::keyReason);
			}
			assertThat(renderer.model(snapshot, model.id(), instance.scope()) != null).as(model.id())
				.isEqualTo(model.listed());
		}
		assertThat(data).doesNotHaveDuplicates();
		assertThat(Set.copyOf(data)).isEqualTo(listed);
		assertThat(Set.copyOf(ids(codex.get("models"), "slug"))).isEqualTo(inCodex);
		if (instance.scope().accountIds() != null && instance.scope().accountIds().isEmpty()) {
			assertThat(data).as("a key bound to no account lists nothing").isEmpty();
		}
	}

	@Provide
	Arbitrary<Instance> instances() {
		Arbitrary<List<Account>> accounts = Combinators
			.combine(account("acct-0"), account("acct-1"), account("acct-2"), account("acct-3"))
			.as(List::of)
			.flatMap((all) -> Arbitraries.integers().between(0, 4).map((count) -> all.subList(0, count)));
		Arbitrary<Map<String, CatalogProperties.ModelOverride>> overrides = Arbitraries.of(MODELS)
			.set()
			.ofMaxSize(3)
			.flatMap((ids) -> Arbitraries.of(true, false).list().ofSize(ids.size()).map((hidden) -> {
				Map<String, CatalogProperties.ModelOverride> byId = new LinkedHashMap<>();
				List<String> sorted = ids.stream().sorted().toList();
				for (int i = 0; i < sorted.size(); i++) {
					byId.put(sorted.get(i), new CatalogProperties.ModelOverride(null, null, null, null, hidden.get(i)));
				}
				return byId;
			}));
		Arbitrary<Set<String>> allowed = Arbitraries.of(concat(MODELS, List.of("boot-only", "unknown-model")))
			.set()
			.ofMaxSize(4);
		Arbitrary<Set<String>> bound = Arbitraries.oneOf(Arbitraries.just(null),
				Arbitraries.of(concat(ACCOUNTS, List.of("deleted-account"))).set().ofMaxSize(3));
		return Combinators.combine(accounts, overrides, allowed, bound)
			.as((all, byId, models, accountIds) -> new Instance(all, byId, new CatalogScope(models, accountIds)));
	}

	private static Arbitrary<Account> account(String id) {
		Arbitrary<List<ObjectNode>> entries = Arbitraries.of(MODELS)
			.set()
			.ofMaxSize(5)
			.flatMap((slugs) -> entry().list().ofSize(slugs.size()).map((shapes) -> {
				List<ObjectNode> list = new ArrayList<>();
				List<String> sorted = slugs.stream().sorted().toList();
				for (int i = 0; i < sorted.size(); i++) {
					list.add(shapes.get(i).put("slug", sorted.get(i)));
				}
				return list;
			}));
		// a list of null: the account never supplied one
		return Combinators
			.combine(Arbitraries.of(true, true, false), Arbitraries.of(false, false, true),
					Arbitraries.oneOf(entries, entries, entries, Arbitraries.just(null)))
			.as((enabled, stale, list) -> new Account(id, enabled, stale, list));
	}

	private static Arbitrary<ObjectNode> entry() {
		return Combinators
			.combine(Arbitraries.of("list", "list", "hide", "none", "experimental"), Arbitraries.of(true, true, false),
					Arbitraries.integers().between(0, 9))
			.as((visibility, supportedInApi, priority) -> {
				ObjectNode entry = json.createObjectNode();
				entry.put("visibility", visibility);
				entry.put("supported_in_api", supportedInApi);
				entry.put("priority", priority);
				entry.put("created", 1750000000);
				return entry;
			});
	}

	private static boolean keyReason(CatalogReason reason) {
		return reason == CatalogReason.NOT_IN_ALLOWED_MODELS || reason == CatalogReason.NOT_SERVED_BY_BOUND_ACCOUNTS
				|| reason == CatalogReason.ACCOUNT_DISABLED || reason == CatalogReason.ACCOUNT_DATA_STALE
				|| reason == CatalogReason.REFRESH_PENDING;
	}

	private static List<String> ids(JsonNode array, String field) {
		List<String> ids = new ArrayList<>();
		array.forEach((model) -> ids.add(model.get(field).asString()));
		return ids;
	}

	private static List<String> concat(List<String> first, List<String> second) {
		List<String> all = new ArrayList<>(first);
		all.addAll(second);
		return all;
	}

	/**
	 * An account as the refresh sees it.
	 *
	 * @param id its id
	 * @param enabled whether it is enabled
	 * @param stale whether its last good list is older than the maximum age
	 * @param models its last good list, {@code null} if it never supplied one
	 */
	record Account(String id, boolean enabled, boolean stale, @Nullable List<ObjectNode> models) {

		boolean supplied() {
			return this.models != null;
		}

		ArrayNode array() {
			ArrayNode array = json.createArrayNode();
			if (this.models != null) {
				this.models.forEach(array::add);
			}
			return array;
		}

	}

	/**
	 * An instance: its accounts, the operator's overrides, and one key's scope.
	 *
	 * @param accounts the accounts, in the order they were added
	 * @param overrides the overrides
	 * @param scope the key's scope
	 */
	record Instance(List<Account> accounts, Map<String, CatalogProperties.ModelOverride> overrides,
			CatalogScope scope) {

		/**
		 * The snapshot a refresh round builds: the merged lists of the enabled accounts
		 * with a fresh list, or the bootstrap catalog when none has a model.
		 * @return the snapshot
		 */
		CatalogSnapshot snapshot() {
			List<TestCatalogs.AccountList> merged = this.accounts.stream()
				.filter((account) -> account.enabled() && account.supplied() && !account.stale())
				.map((account) -> new TestCatalogs.AccountList(account.id(), account.array()))
				.toList();
			if (merged.stream().allMatch((list) -> list.models().isEmpty())) {
				List<String> standIn = this.accounts.stream()
					.filter((account) -> account.enabled() && !account.supplied())
					.map(Account::id)
					.toList();
				return TestCatalogs.bootstrap(BOOTSTRAP, this.overrides, standIn);
			}
			return TestCatalogs.merged(merged, this.overrides);
		}

		List<CatalogExplanation.AccountModels> accountModels() {
			return this.accounts.stream().map((account) -> {
				if (account.models() == null) {
					return CatalogExplanation.AccountModels.of(account.id(), account.enabled(), true, null);
				}
				Set<String> slugs = new HashSet<>();
				account.models().forEach((entry) -> slugs.add(entry.get("slug").asString()));
				return new CatalogExplanation.AccountModels(account.id(), account.enabled(), account.stale(),
						Set.copyOf(slugs));
			}).toList();
		}

	}

}
