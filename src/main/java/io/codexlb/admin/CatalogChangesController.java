package io.codexlb.admin;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.codexlb.catalog.CatalogChange;
import io.codexlb.catalog.CatalogChangeLog;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The catalog's change history, newest first, a page at a time: {@code after} is the
 * {@code last_id} of the page before, {@code since} a lower bound in time.
 */
@RestController
class CatalogChangesController {

	private final CatalogChangeLog changeLog;

	CatalogChangesController(CatalogChangeLog changeLog) {
		this.changeLog = changeLog;
	}

	@GetMapping(path = "/api/catalog/changes", produces = "application/json")
	ResponseEntity<AdminResponses.PageOf<Entry>> page(@RequestParam(required = false) @Nullable String limit,
			@RequestParam(required = false) @Nullable String after,
			@RequestParam(required = false) @Nullable String since) {
		CatalogChangeLog.Page page = this.changeLog.page(PageParameters.limit(limit, CatalogChangeLog.MAX_PAGE),
				PageParameters.after(after), PageParameters.instant("since", since));
		List<Entry> data = page.changes().stream().map(Entry::of).toList();
		return AdminResponses.page(data, page.hasMore(), Entry::id);
	}

	/**
	 * A change of the catalog, as the admin API and the webhooks show it.
	 *
	 * @param id the change's id
	 * @param object always {@code catalog.change}
	 * @param occurredAt when it was recorded (ISO-8601)
	 * @param snapshotVersion the catalog version it belongs to
	 * @param event {@code model_added}, {@code model_removed}, {@code model_changed} or
	 * {@code account_models_changed}
	 * @param modelId the model, {@code null} for an account's list change
	 * @param accountId the account whose list changed, otherwise {@code null}
	 * @param changes the changed fields with their old and new values, or the models an
	 * account gained and lost; otherwise {@code null}
	 * @param accounts the accounts that advertise the model
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record Entry(String id, String object, String occurredAt, long snapshotVersion, String event,
			@Nullable String modelId, @Nullable String accountId, @Nullable JsonNode changes, List<String> accounts) {

		static Entry of(CatalogChange change) {
			return new Entry(String.valueOf(change.id()), "catalog.change", change.occurredAt().toString(),
					change.snapshotVersion(), change.event(), change.modelId(), change.accountId(), change.changes(),
					change.accounts());
		}

	}

}
