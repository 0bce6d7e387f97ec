package io.codexlb.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The part of the catalog one key sees: its allowed models and the accounts it is bound
 * to. The models routes render with it and the catalog explanation explains with it, so
 * that what is explained is what is listed.
 *
 * @param allowedModels the models the key may use, empty for all
 * @param accountIds the accounts whose models the key lists, {@code null} for all
 */
public record CatalogScope(Set<String> allowedModels, @Nullable Set<String> accountIds) {

	/**
	 * The scope of a key that is neither restricted to models nor bound to accounts.
	 */
	public static final CatalogScope ALL = new CatalogScope(Set.of(), null);

	/**
	 * How the key sees one model of a snapshot.
	 * @param snapshot the snapshot
	 * @param model one of its models
	 * @return whether the model is in {@code data} and in the Codex array, and why not
	 */
	public ModelAccess access(CatalogSnapshot snapshot, CatalogModel model) {
		List<CatalogReason> reasons = new ArrayList<>(2);
		if (!this.allowedModels.isEmpty() && !this.allowedModels.contains(model.id())) {
			reasons.add(CatalogReason.NOT_IN_ALLOWED_MODELS);
		}
		if (!servedByBoundAccounts(snapshot, model)) {
			reasons.add(CatalogReason.NOT_SERVED_BY_BOUND_ACCOUNTS);
		}
		boolean inCodexModels = reasons.isEmpty();
		if (!model.metadata().supportedInApi()) {
			reasons.add(CatalogReason.NOT_SUPPORTED_IN_API);
		}
		if (model.upstreamVisibility() == Visibility.HIDE) {
			reasons.add(CatalogReason.VISIBILITY_HIDE);
		}
		else if (model.upstreamVisibility() == Visibility.NONE) {
			reasons.add(CatalogReason.VISIBILITY_NONE);
		}
		if (model.hiddenByOverride()) {
			reasons.add(CatalogReason.HIDDEN_BY_OVERRIDE);
		}
		return new ModelAccess(inCodexModels && model.listed(), inCodexModels, List.copyOf(reasons));
	}

	/**
	 * Whether the key lists a model in {@code data}: the models routes' test.
	 * @param snapshot the snapshot
	 * @param model one of its models
	 * @return whether it is listed
	 */
	public boolean lists(CatalogSnapshot snapshot, CatalogModel model) {
		return model.listed() && inCodexModels(snapshot, model);
	}

	/**
	 * Whether the key's Codex array has a model.
	 * @param snapshot the snapshot
	 * @param model one of its models
	 * @return whether the Codex CLI is shown it
	 */
	public boolean inCodexModels(CatalogSnapshot snapshot, CatalogModel model) {
		return (this.allowedModels.isEmpty() || this.allowedModels.contains(model.id()))
				&& servedByBoundAccounts(snapshot, model);
	}

	// the bootstrap catalog stands in for the lists of the enabled accounts that had none
	// when it was served; a key bound to none of them lists nothing, never all of it
	private boolean servedByBoundAccounts(CatalogSnapshot snapshot, CatalogModel model) {
		Set<String> bound = this.accountIds;
		if (bound == null) {
			return true;
		}
		List<String> serving = (snapshot.source() == CatalogSnapshot.Source.BOOTSTRAP) ? snapshot.standInAccounts()
				: model.advertisedBy();
		for (String account : serving) {
			if (bound.contains(account)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * How a key sees one model.
	 *
	 * @param listed whether the model is in the {@code data} list
	 * @param inCodexModels whether it is in the Codex CLI's {@code models} array
	 * @param reasons why it is not listed, or not in the Codex array: empty for a listed
	 * model
	 */
	public record ModelAccess(boolean listed, boolean inCodexModels, List<CatalogReason> reasons) {

	}

}
