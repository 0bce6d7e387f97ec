package io.codexlb.admin;

import io.codexlb.catalog.CatalogAdministration;
import io.codexlb.system.ResponseHeaders;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The admin API of the catalog: its status, and a refresh on demand.
 */
@RestController
@RequestMapping(path = "/api/catalog", produces = "application/json")
class CatalogAdminController {

	private final CatalogAdministration catalog;

	CatalogAdminController(CatalogAdministration catalog) {
		this.catalog = catalog;
	}

	@GetMapping
	ResponseEntity<CatalogStatusRecord> status() {
		return respond(CatalogStatusRecord.of(this.catalog.status()));
	}

	@PostMapping("/refresh")
	ResponseEntity<CatalogStatusRecord> refresh() {
		return respond(CatalogStatusRecord.of(this.catalog.refresh()));
	}

	private static ResponseEntity<CatalogStatusRecord> respond(CatalogStatusRecord body) {
		return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, ResponseHeaders.PRIVATE_NO_CACHE).body(body);
	}

}
