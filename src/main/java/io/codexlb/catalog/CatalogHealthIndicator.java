package io.codexlb.catalog;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Ready when there is a catalog to serve.
 */
@Component("catalog")
class CatalogHealthIndicator implements HealthIndicator {

	private final ModelCatalog catalog;

	CatalogHealthIndicator(ModelCatalog catalog) {
		this.catalog = catalog;
	}

	@Override
	public Health health() {
		CatalogSnapshot snapshot = this.catalog.current();
		Health.Builder builder = snapshot.isEmpty() ? Health.down() : Health.up();
		return builder.withDetail("version", snapshot.version())
			.withDetail("models", snapshot.codexOrdered().size())
			.withDetail("listed", snapshot.listed().size())
			.withDetail("builtAt", snapshot.builtAt().toString())
			.build();
	}

}
