package io.codexlb.admin;

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

	private final AdminCommands commands;

	CatalogAdminController(CatalogAdministration catalog, AdminCommands commands) {
		this.catalog = catalog;
		this.commands = commands;
	}

	@GetMapping
	ResponseEntity<CatalogStatusResponse> status() {
		return AdminResponses.ok(CatalogStatusResponse.of(this.catalog.status()));
	}

	@PostMapping("/refresh")
	ResponseEntity<CatalogStatusResponse> refresh() {
		return AdminResponses.ok(CatalogStatusResponse.of(this.commands.refreshCatalog()));
	}

}
