package io.codexlb.admin;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.codexlb.catalog.CatalogStatus;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The catalog status on the wire.
 *
 * @param object always {@code catalog}
 * @param version the stored snapshot version, 0 when not stored
 * @param source {@code upstream}, {@code bootstrap} or {@code empty}
 * @param builtAt when the served snapshot was built
 * @param refreshedAt when the last refresh round finished
 * @param modelCount the models of the snapshot, hidden ones included
 * @param listedModelCount the models of the {@code data} list
 * @param accounts each account's state
 * @param models which accounts advertise each model
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record CatalogStatusResponse(String object, long version, String source, String builtAt, @Nullable String refreshedAt,
		int modelCount, int listedModelCount, List<Account> accounts, List<Model> models) {

	static CatalogStatusResponse of(CatalogStatus status) {
		return new CatalogStatusResponse("catalog", status.version(), status.source(), status.builtAt().toString(),
				AdminResponses.iso(status.refreshedAt()), status.modelCount(), status.listedModelCount(),
				status.accounts()
					.stream()
					.map((account) -> new Account(account.id(), account.name(), account.enabled(), account.status(),
							account.statusReason(), AdminResponses.iso(account.lastSuccessAt()),
							AdminResponses.iso(account.lastAttemptAt()), account.lastError(), account.modelCount(),
							account.stale()))
					.toList(),
				status.models().stream().map((model) -> new Model(model.id(), model.advertisedBy())).toList());
	}

	/**
	 * One account's state.
	 *
	 * @param id the account id
	 * @param name the name
	 * @param enabled whether it is enabled
	 * @param status {@code active} or {@code reauth_required}
	 * @param statusReason why it is not active
	 * @param lastSuccessAt when its list was last fetched well
	 * @param lastAttemptAt when its list was last fetched
	 * @param lastError why the last fetch failed
	 * @param modelCount the models of its last good list
	 * @param stale whether that list is older than the maximum age
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record Account(String id, String name, boolean enabled, String status, @Nullable String statusReason,
			@Nullable String lastSuccessAt, @Nullable String lastAttemptAt, @Nullable String lastError, int modelCount,
			boolean stale) {

	}

	/**
	 * Which accounts advertise a model.
	 *
	 * @param id the model id
	 * @param advertisedBy the account ids
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record Model(String id, List<String> advertisedBy) {

	}

}
