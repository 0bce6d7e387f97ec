package io.codexlb.catalog;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Merges the accounts' lists into one, by slug. The rule for a slug several accounts
 * advertise: the entry of the account added first (earliest {@code created_at}, then
 * lowest id) wins, whatever the order the fetches finished in; the catalog does not flap
 * between accounts' metadata from one refresh to the next.
 */
final class CatalogMerger {

	private CatalogMerger() {
	}

	/**
	 * Merges lists.
	 * @param lists the accounts' lists, in the order of precedence
	 * @param jsonMapper to build the document
	 * @return {@code {"models":[...],"advertised_by":{"slug":[account ids]}}}
	 */
	static ObjectNode merge(List<AccountList> lists, JsonMapper jsonMapper) {
		Map<String, JsonNode> winners = new LinkedHashMap<>();
		Map<String, Set<String>> advertisedBy = new LinkedHashMap<>();
		for (AccountList list : lists) {
			for (JsonNode entry : list.models()) {
				ObjectNode normalized = CodexEntries.normalize(entry);
				if (normalized == null) {
					continue;
				}
				String slug = normalized.get("slug").stringValue();
				winners.putIfAbsent(slug, entry);
				advertisedBy.computeIfAbsent(slug, (key) -> new LinkedHashSet<>()).add(list.accountId());
			}
		}
		ObjectNode document = jsonMapper.createObjectNode();
		ArrayNode models = document.putArray("models");
		winners.values().forEach(models::add);
		ObjectNode advertised = document.putObject("advertised_by");
		advertisedBy.forEach((slug, accounts) -> accounts.forEach(advertised.putArray(slug)::add));
		return document;
	}

	/**
	 * One account's list.
	 *
	 * @param accountId the account
	 * @param models its {@code models} array
	 */
	record AccountList(String accountId, JsonNode models) {

	}

}
