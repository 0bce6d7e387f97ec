package io.codexlb.admin;

import io.codexlb.catalog.CatalogChangeEntry;
import io.codexlb.catalog.CatalogChangeLog;
import org.jspecify.annotations.Nullable;

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
	ResponseEntity<AdminResponses.PageOf<CatalogChangeEntry>> page(
			@RequestParam(required = false) @Nullable String limit,
			@RequestParam(required = false) @Nullable String after,
			@RequestParam(required = false) @Nullable String since) {
		return AdminResponses.page(this.changeLog
			.page(PageParameters.limit(limit), PageParameters.after(after), PageParameters.instant("since", since))
			.map(CatalogChangeEntry::of), CatalogChangeEntry::id);
	}

}
