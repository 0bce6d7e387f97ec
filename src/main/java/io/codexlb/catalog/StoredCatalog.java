package io.codexlb.catalog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.codexlb.account.Account;
import io.codexlb.account.AccountService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

/**
 * The catalog as the database keeps it, in snapshots: the stored one read back (at
 * start-up, or when another replica stored a newer one), a merged document stored, and
 * the bootstrap (or empty) catalog that stands in when no usable one is stored.
 */
@Component
class StoredCatalog implements CatalogFollower.StoredSnapshots {

	private static final Logger logger = LoggerFactory.getLogger(StoredCatalog.class);

	// a stored fallback names the accounts it stands in for, so that every replica lists
	// it for the same keys
	private static final String STAND_IN_FOR = "stand_in_for";

	private final CatalogSnapshotStore store;

	private final CatalogAssembler assembler;

	private final BootstrapCatalog bootstrap;

	private final CatalogProperties properties;

	private final JsonMapper jsonMapper;

	private final AccountService accounts;

	private final AccountModelListStore lists;

	StoredCatalog(CatalogSnapshotStore store, CatalogAssembler assembler, BootstrapCatalog bootstrap,
			CatalogProperties properties, JsonMapper jsonMapper, AccountService accounts, AccountModelListStore lists) {
		this.accounts = accounts;
		this.lists = lists;
		this.store = store;
		this.assembler = assembler;
		this.bootstrap = bootstrap;
		this.properties = properties;
		this.jsonMapper = jsonMapper;
	}

	/**
	 * The snapshot to serve at start-up, before any upstream call.
	 * @return the stored snapshot, or the fallback when none is stored
	 */
	CatalogSnapshot atStartUp() {
		return latest().orElseGet(() -> fallback(0, standInAccounts()));
	}

	/**
	 * The accounts the bootstrap catalog stands in for now: the enabled ones that have
	 * never supplied a good list. An account whose list went stale, or is empty, has
	 * supplied one: a key bound to it lists no model.
	 * @return the accounts' ids, sorted
	 */
	List<String> standInAccounts() {
		Set<String> supplied = this.lists.all()
			.stream()
			.filter((list) -> list.models() != null)
			.map(AccountModelListStore.AccountModelList::accountId)
			.collect(Collectors.toSet());
		return this.accounts.list()
			.stream()
			.filter((account) -> account.enabled() && !supplied.contains(account.id()))
			.map(Account::id)
			.sorted()
			.toList();
	}

	@Override
	public long latestVersion() {
		return this.store.latestVersion();
	}

	@Override
	public Optional<CatalogSnapshot> latest() {
		return this.store.latest().map(this::read);
	}

	/**
	 * Stores a merged document as the next version.
	 * @param merged the merged document
	 * @param now when it is stored
	 * @return its snapshot
	 */
	CatalogSnapshot store(ObjectNode merged, Instant now) {
		long version = this.store.save(this.jsonMapper.writeValueAsString(merged), now);
		return this.assembler.assemble(merged, version, CatalogSnapshot.Source.UPSTREAM);
	}

	/**
	 * Stores that the catalog fell back to the bootstrap catalog, so that the other
	 * replicas do too.
	 * @param now when it is stored
	 * @param standInAccounts the enabled accounts it stands in for
	 * @return the fallback snapshot with the stored version
	 */
	CatalogSnapshot storeFallback(Instant now, List<String> standInAccounts) {
		ObjectNode document = this.jsonMapper.createObjectNode();
		standInAccounts.forEach(document.putArray(STAND_IN_FOR)::add);
		return fallback(this.store.saveBootstrap(this.jsonMapper.writeValueAsString(document), now), standInAccounts);
	}

	private CatalogSnapshot read(CatalogSnapshotStore.StoredSnapshot stored) {
		if (stored.bootstrap()) {
			return fallback(stored.version(), standInAccounts(stored.document()));
		}
		try {
			CatalogSnapshot snapshot = this.assembler.assemble(this.jsonMapper.readTree(stored.document()),
					stored.version(), CatalogSnapshot.Source.UPSTREAM);
			logger.info("Serving the stored catalog version {} ({} models)", snapshot.version(),
					snapshot.codexOrdered().size());
			return snapshot;
		}
		catch (JacksonException | IllegalArgumentException ex) {
			logger.warn("The stored catalog version {} is unreadable; serving the bootstrap catalog", stored.version());
			return fallback(stored.version(), standInAccounts());
		}
	}

	// a fallback stored before keys were bound to accounts is "{}": it stands in for none
	// until the next round stores it again
	private List<String> standInAccounts(String document) {
		try {
			List<String> accounts = new ArrayList<>();
			this.jsonMapper.readTree(document).path(STAND_IN_FOR).forEach((id) -> accounts.add(id.asString()));
			return accounts;
		}
		catch (JacksonException ex) {
			return List.of();
		}
	}

	private CatalogSnapshot fallback(long version, List<String> standInAccounts) {
		return this.properties.bootstrap()
				? this.assembler.bootstrap(this.bootstrap.document(), version, standInAccounts)
				: this.assembler.empty(version);
	}

}
