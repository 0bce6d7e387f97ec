package io.codexlb.catalog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

/**
 * Why one key sees each model the instance knows, or does not: the models of the served
 * snapshot, hidden ones included, explained by the {@link CatalogScope} the models routes
 * render with, then the models that only the last lists of disabled or stale accounts
 * have.
 *
 * @param snapshotVersion the stored version of the served snapshot
 * @param source where its models come from: {@code upstream}, {@code bootstrap} or
 * {@code empty}
 * @param builtAt when it was built
 * @param models each model, in the Codex CLI's order, then the models outside the
 * snapshot by id
 */
public record CatalogExplanation(long snapshotVersion, String source, Instant builtAt, List<ModelExplanation> models) {

	/**
	 * Explains a snapshot to a key.
	 * @param snapshot the served snapshot
	 * @param scope the key's scope
	 * @param accounts what each account's last good list has
	 * @return the explanation
	 */
	public static CatalogExplanation explain(CatalogSnapshot snapshot, CatalogScope scope,
			List<AccountModels> accounts) {
		List<ModelExplanation> models = new ArrayList<>();
		Set<String> inSnapshot = new TreeSet<>();
		for (CatalogModel model : snapshot.codexOrdered()) {
			inSnapshot.add(model.id());
			CatalogScope.ModelAccess access = scope.access(snapshot, model);
			List<CatalogReason> reasons = new ArrayList<>(access.reasons());
			if (reasons.contains(CatalogReason.NOT_SERVED_BY_BOUND_ACCOUNTS)) {
				// which of the bound accounts has it, and why its list does not count
				reasons.addAll(accountReasons(model.id(), scope, accounts));
			}
			models.add(new ModelExplanation(model.id(), access.listed(), access.inCodexModels(), model.advertisedBy(),
					distinct(reasons)));
		}
		TreeMap<String, List<CatalogReason>> outside = new TreeMap<>();
		for (AccountModels account : accounts) {
			for (String id : account.models()) {
				if (!inSnapshot.contains(id)) {
					outside.computeIfAbsent(id, (missing) -> outsideReasons(id, scope, accounts));
				}
			}
		}
		outside.forEach((id, reasons) -> models.add(new ModelExplanation(id, false, false, List.of(), reasons)));
		return new CatalogExplanation(snapshot.version(), snapshot.source().name().toLowerCase(Locale.ROOT),
				snapshot.builtAt(), List.copyOf(models));
	}

	// a model no served list has: the key's own reasons, then those of the accounts that
	// have it
	private static List<CatalogReason> outsideReasons(String id, CatalogScope scope, List<AccountModels> accounts) {
		List<CatalogReason> reasons = new ArrayList<>();
		if (!scope.allowedModels().isEmpty() && !scope.allowedModels().contains(id)) {
			reasons.add(CatalogReason.NOT_IN_ALLOWED_MODELS);
		}
		Set<String> bound = scope.accountIds();
		if (bound != null
				&& accounts.stream().noneMatch((account) -> bound.contains(account.id()) && account.has(id))) {
			reasons.add(CatalogReason.NOT_SERVED_BY_BOUND_ACCOUNTS);
			reasons.addAll(accountReasons(id, CatalogScope.ALL, accounts));
		}
		else {
			reasons.addAll(accountReasons(id, scope, accounts));
		}
		return distinct(reasons);
	}

	private static List<CatalogReason> accountReasons(String id, CatalogScope scope, List<AccountModels> accounts) {
		List<CatalogReason> reasons = new ArrayList<>();
		Set<String> bound = scope.accountIds();
		for (AccountModels account : accounts) {
			if ((bound == null || bound.contains(account.id())) && account.has(id)) {
				reasons.add(!account.enabled() ? CatalogReason.ACCOUNT_DISABLED
						: account.stale() ? CatalogReason.ACCOUNT_DATA_STALE : CatalogReason.REFRESH_PENDING);
			}
		}
		return reasons;
	}

	private static List<CatalogReason> distinct(List<CatalogReason> reasons) {
		return List.copyOf(new LinkedHashSet<>(reasons));
	}

	/**
	 * How one key sees one model.
	 *
	 * @param id the model id
	 * @param listed whether the key's {@code data} list has it
	 * @param inCodexModels whether the key's Codex array has it
	 * @param accounts the accounts whose served lists have it
	 * @param reasons why it is not listed, or not in the Codex array; empty for a listed
	 * model
	 */
	public record ModelExplanation(String id, boolean listed, boolean inCodexModels, List<String> accounts,
			List<CatalogReason> reasons) {

	}

	/**
	 * What one account's last good list has.
	 *
	 * @param id the account id
	 * @param enabled whether the account is enabled
	 * @param stale whether its list is older than the maximum age, or missing
	 * @param models the model ids of its last good list
	 */
	public record AccountModels(String id, boolean enabled, boolean stale, Set<String> models) {

		boolean has(String modelId) {
			return this.models.contains(modelId);
		}

		/**
		 * What an account's stored list has; an account without one has nothing.
		 * @param id the account id
		 * @param enabled whether it is enabled
		 * @param stale whether its list is stale
		 * @param models its models
		 * @return the account's models
		 */
		public static AccountModels of(String id, boolean enabled, boolean stale, @Nullable Set<String> models) {
			return new AccountModels(id, enabled, stale, (models != null) ? Set.copyOf(models) : Set.of());
		}

	}

}
