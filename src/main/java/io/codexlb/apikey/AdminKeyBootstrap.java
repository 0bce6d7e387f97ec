package io.codexlb.apikey;

import java.nio.file.Path;
import java.util.List;

import io.codexlb.audit.AuditChange;
import io.codexlb.audit.AuditEntry;
import io.codexlb.audit.AuditLog;
import io.codexlb.datadir.CodexLbProperties;
import io.codexlb.datadir.DataDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes sure an operator can reach the admin API on first start: installs the key of
 * {@code CODEX_LB_ADMIN_KEY}, or generates one into an owner-only file when the key store
 * is empty, never replacing an existing key file. Runs before the server accepts
 * requests.
 */
@Component
class AdminKeyBootstrap implements SmartInitializingSingleton {

	static final String ADMIN_KEY_FILE = DataDirectory.ADMIN_KEY_FILE;

	private static final Logger logger = LoggerFactory.getLogger(AdminKeyBootstrap.class);

	private final ApiKeyService service;

	private final DataDirectory dataDirectory;

	private final CodexLbProperties properties;

	private final AuditLog auditLog;

	private final TransactionTemplate transactions;

	AdminKeyBootstrap(ApiKeyService service, DataDirectory dataDirectory, CodexLbProperties properties,
			AuditLog auditLog, PlatformTransactionManager transactionManager) {
		this.service = service;
		this.dataDirectory = dataDirectory;
		this.properties = properties;
		this.auditLog = auditLog;
		this.transactions = new TransactionTemplate(transactionManager);
	}

	@Override
	public void afterSingletonsInstantiated() {
		String configured = this.properties.adminKey();
		if (configured != null && !configured.isBlank()) {
			installConfigured(configured.strip());
		}
		else if (this.service.isEmpty()) {
			generate();
		}
	}

	private void installConfigured(String key) {
		if (!ApiKeyFormat.isWellFormed(key)) {
			throw AdminKeyException.malformed();
		}
		String prefix = ApiKeyFormat.displayPrefix(key);
		try {
			if (install(key, "admin " + prefix)) {
				logger.info("Installed the admin API key {} from codex-lb.admin-key", prefix);
			}
		}
		catch (DuplicateKeyException ex) {
			// another replica installed it at the same moment; the exception would name
			// the hash
			logger.info("The admin API key {} from codex-lb.admin-key is installed", prefix);
		}
	}

	// the key and its audit row in one transaction
	private boolean install(String key, String name) {
		Boolean installed = this.transactions
			.execute((status) -> this.service.installAdminKey(key, name).map((stored) -> {
				this.auditLog.record(new AuditEntry("api_key.bootstrap", "api_key", stored.id(), List
					.of(AuditChange.of("name", name), AuditChange.of("admin", true), AuditChange.secret("key"))));
				return true;
			}).orElse(false));
		return Boolean.TRUE.equals(installed);
	}

	private void generate() {
		String key = ApiKeyFormat.generate();
		Path file = this.dataDirectory.resolve(ADMIN_KEY_FILE);
		// the file first: a key that is stored but written nowhere could never be used;
		// an existing file may hold the only copy of a key the operator still relies on
		if (!this.dataDirectory.createSecret(ADMIN_KEY_FILE, key)) {
			throw AdminKeyException.fileWithoutKey(file);
		}
		try {
			install(key, "admin");
		}
		catch (DuplicateKeyException ex) {
			// another replica sharing the database created the first admin key at the
			// same moment
			this.dataDirectory.deleteSecret(ADMIN_KEY_FILE);
			logger
				.info("Another replica created the first admin API key; its file is in that replica's data directory");
			return;
		}
		logger.info("Created the first admin API key ({}); it is in {}, readable only by its owner",
				ApiKeyFormat.displayPrefix(key), file);
	}

}
