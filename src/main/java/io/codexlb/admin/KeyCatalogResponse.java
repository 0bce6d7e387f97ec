package io.codexlb.admin;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.codexlb.apikey.ApiKey;
import io.codexlb.catalog.CatalogExplanation;
import io.codexlb.catalog.CatalogReason;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The catalog explained to one key, on the wire.
 *
 * @param object always {@code api_key.catalog}
 * @param apiKeyId the key's id
 * @param allowedModels the key's allowed models, {@code null} for all
 * @param accountIds the accounts the key is bound to, {@code null} for all
 * @param catalog the snapshot explained
 * @param data every model the instance knows, hidden ones included
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record KeyCatalogResponse(String object, String apiKeyId, @Nullable List<String> allowedModels,
		@Nullable List<String> accountIds, Snapshot catalog, List<Model> data) {

	static KeyCatalogResponse of(ApiKey key, CatalogExplanation explanation) {
		ApiKeyResponse keyResponse = ApiKeyResponse.of(key);
		return new KeyCatalogResponse("api_key.catalog", key.id(), keyResponse.allowedModels(),
				keyResponse.accountIds(),
				new Snapshot(explanation.snapshotVersion(), explanation.source(), explanation.builtAt().toString()),
				explanation.models().stream().map(Model::of).toList());
	}

	/**
	 * The snapshot explained.
	 *
	 * @param version its stored version, 0 when not stored
	 * @param source {@code upstream}, {@code bootstrap} or {@code empty}
	 * @param builtAt when it was built (ISO-8601)
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record Snapshot(long version, String source, String builtAt) {

	}

	/**
	 * One model as the key sees it.
	 *
	 * @param id the model id
	 * @param listed whether the key's {@code data} list has it
	 * @param inCodexModels whether the key's Codex {@code models} array has it
	 * @param accounts the accounts whose served lists have it
	 * @param reasons why it is not listed or not in the Codex array, empty for a listed
	 * model
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record Model(String id, boolean listed, boolean inCodexModels, List<String> accounts, List<String> reasons) {

		static Model of(CatalogExplanation.ModelExplanation model) {
			return new Model(model.id(), model.listed(), model.inCodexModels(), model.accounts(),
					model.reasons().stream().map(CatalogReason::wireName).toList());
		}

	}

}
