package io.codexlb.catalog;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * An immutable catalog: every model known at one moment.
 */
public final class CatalogSnapshot {

	private static final Comparator<CatalogModel> DATA_LIST_ORDER = Comparator
		.comparingInt((CatalogModel model) -> model.metadata().priority())
		.reversed()
		.thenComparing(CatalogModel::id);

	private static final Comparator<CatalogModel> CODEX_ORDER = Comparator.comparingInt(CatalogModel::upstreamPriority)
		.thenComparing(CatalogModel::id);

	private final long version;

	private final long sequence;

	private final Instant builtAt;

	private final Source source;

	private final String documentHash;

	private final List<CatalogModel> listed;

	private final List<CatalogModel> codexOrdered;

	private final Map<String, CatalogModel> listedById;

	private final List<String> standInAccounts;

	CatalogSnapshot(long version, long sequence, Instant builtAt, Source source, String documentHash,
			List<CatalogModel> models, List<String> standInAccounts) {
		this.version = version;
		this.standInAccounts = List.copyOf(standInAccounts);
		this.sequence = sequence;
		this.builtAt = builtAt;
		this.source = source;
		this.documentHash = documentHash;
		this.listed = models.stream().filter(CatalogModel::listed).sorted(DATA_LIST_ORDER).toList();
		this.codexOrdered = models.stream().sorted(CODEX_ORDER).toList();
		Map<String, CatalogModel> byId = new LinkedHashMap<>();
		this.listed.forEach((model) -> byId.put(model.id(), model));
		this.listedById = Map.copyOf(byId);
	}

	/**
	 * The stored version of this snapshot; 0 for a snapshot that is not stored (the
	 * bootstrap catalog, or no catalog).
	 * @return the version
	 */
	public long version() {
		return this.version;
	}

	/**
	 * A number no other snapshot of this process has: the key of the rendered bodies.
	 * @return the sequence number
	 */
	public long sequence() {
		return this.sequence;
	}

	public Instant builtAt() {
		return this.builtAt;
	}

	public Source source() {
		return this.source;
	}

	String documentHash() {
		return this.documentHash;
	}

	/**
	 * The models of the {@code data} list, preferred first.
	 * @return API-supported, listed models, by priority descending then id
	 */
	public List<CatalogModel> listed() {
		return this.listed;
	}

	/**
	 * Every model, hidden and API-unsupported ones included, in the Codex CLI's order.
	 * @return all models, by upstream priority ascending then id
	 */
	public List<CatalogModel> codexOrdered() {
		return this.codexOrdered;
	}

	public @Nullable CatalogModel listedModel(String id) {
		return this.listedById.get(id);
	}

	/**
	 * The accounts whose lists the bootstrap catalog stands in for: those enabled when it
	 * was served.
	 * @return the accounts' ids, empty for a snapshot that is not the bootstrap catalog
	 */
	public List<String> standInAccounts() {
		return this.standInAccounts;
	}

	public boolean isEmpty() {
		return this.codexOrdered.isEmpty();
	}

	/**
	 * Where a snapshot's models come from.
	 */
	public enum Source {

		/**
		 * The bundled bootstrap catalog: no account has supplied a list.
		 */
		BOOTSTRAP,

		/**
		 * The merged lists of the accounts.
		 */
		UPSTREAM,

		/**
		 * Nothing: no account data and the bootstrap catalog turned off.
		 */
		EMPTY

	}

}
