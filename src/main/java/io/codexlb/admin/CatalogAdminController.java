package io.codexlb.admin;

import java.util.List;

import io.codexlb.audit.AuditEntry;
import io.codexlb.catalog.CatalogAdministration;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The admin API of the catalog: its status, and a refresh on demand (in the audit log).
 */
@RestController
@RequestMapping(path = "/api/catalog", produces = "application/json")
class CatalogAdminController {

	private final CatalogAdministration catalog;

	private final AuditedWrites audited;

	CatalogAdminController(CatalogAdministration catalog, AuditedWrites audited) {
		this.catalog = catalog;
		this.audited = audited;
	}

	@GetMapping
	ResponseEntity<CatalogStatusResponse> status() {
		return AdminResponses.ok(CatalogStatusResponse.of(this.catalog.status()));
	}

	@PostMapping("/refresh")
	ResponseEntity<CatalogStatusResponse> refresh() {
		// recorded when asked for: the round runs even when the wait for it fails
		this.audited.record(new AuditEntry("catalog.refresh", "catalog", null, List.of()));
		return AdminResponses.ok(CatalogStatusResponse.of(this.catalog.refresh()));
	}

}
