package io.codexlb.catalog;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What an operator needs to know about the catalog: which snapshot is served, and how
 * each account's list is doing. Carries no secret.
 *
 * @param version the stored snapshot version, 0 when not stored
 * @param source where the models come from: {@code upstream}, {@code bootstrap} or
 * {@code empty}
 * @param builtAt when the served snapshot was built
 * @param refreshedAt when the last refresh round finished, if one did
 * @param modelCount the models of the snapshot, hidden ones included
 * @param listedModelCount the models of the {@code data} list
 * @param accounts each account's state
 * @param models which accounts advertise each model
 */
public record CatalogStatus(long version, String source, Instant builtAt, @Nullable Instant refreshedAt, int modelCount,
		int listedModelCount, List<AccountState> accounts, List<ModelSource> models) {

	/**
	 * One account's state.
	 *
	 * @param id the account id
	 * @param name the account name
	 * @param enabled whether it is enabled
	 * @param status {@code active} or {@code reauth_required}
	 * @param statusReason why it is not active
	 * @param lastSuccessAt when its list was last fetched well
	 * @param lastAttemptAt when its list was last fetched
	 * @param lastError why the last fetch failed, {@code null} if it did not
	 * @param modelCount the models of its last good list
	 * @param stale whether its last good list is older than the maximum age, and so
	 * unused
	 */
	public record AccountState(String id, String name, boolean enabled, String status, @Nullable String statusReason,
			@Nullable Instant lastSuccessAt, @Nullable Instant lastAttemptAt, @Nullable String lastError,
			int modelCount, boolean stale) {

	}

	/**
	 * Which accounts advertise a model.
	 *
	 * @param id the model id
	 * @param advertisedBy the account ids, empty for the bootstrap catalog
	 */
	public record ModelSource(String id, List<String> advertisedBy) {

	}

}
