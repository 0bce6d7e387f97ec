package io.codexlb.admin.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.codexlb.account.Account;
import io.codexlb.account.AccountService;
import io.codexlb.admin.AdminCommands;
import io.codexlb.apikey.ApiKey;
import io.codexlb.apikey.ApiKeyFilter;
import io.codexlb.apikey.ApiKeyService;
import io.codexlb.apikey.ApiKeyStatus;
import io.codexlb.apikey.IssuedApiKey;
import io.codexlb.catalog.CatalogAdministration;
import io.codexlb.catalog.CatalogModel;
import io.codexlb.catalog.CatalogScope;
import io.codexlb.catalog.ModelCatalog;
import io.codexlb.database.ResultPage;
import io.codexlb.error.ApiException;
import io.codexlb.error.ResponseHeaders;
import io.codexlb.usage.UsageRange;
import io.codexlb.usage.UsageReports;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's keys: a searchable, paged list; create, edit, disable and enable,
 * regenerate and delete; and a key's page with its usage and what it sees of the catalog.
 * A new or regenerated key is shown once, in the answer to the form that made it, and
 * never stored, put in a URL or cached.
 */
@Controller
@ConsoleEnabled
@RequestMapping("/console/keys")
class KeysController {

	static final int PAGE_SIZE = 50;

	// as the API takes it
	private static final int MAX_SEARCH = 200;

	private static final Map<String, Duration> RANGES = Map.of("24h", Duration.ofHours(24), "7d", Duration.ofDays(7),
			"90d", Duration.ofDays(90));

	private final ApiKeyService apiKeys;

	private final AccountService accounts;

	private final ModelCatalog catalog;

	private final CatalogAdministration catalogAdministration;

	private final UsageReports usage;

	private final AdminCommands commands;

	private final JsonMapper json;

	private final Clock clock;

	private final ConsoleFormat format;

	KeysController(ApiKeyService apiKeys, AccountService accounts, ModelCatalog catalog,
			CatalogAdministration catalogAdministration, UsageReports usage, AdminCommands commands, JsonMapper json,
			Clock clock) {
		this.apiKeys = apiKeys;
		this.accounts = accounts;
		this.catalog = catalog;
		this.catalogAdministration = catalogAdministration;
		this.usage = usage;
		this.commands = commands;
		this.json = json;
		this.clock = clock;
		this.format = new ConsoleFormat(clock);
	}

	@GetMapping
	String list(@RequestParam(required = false) @Nullable String q,
			@RequestParam(required = false) @Nullable String status,
			@RequestParam(required = false) @Nullable String after, Model model) {
		Instant now = this.clock.instant();
		ApiKeyStatus wanted = (status != null) ? ApiKeyStatus.parse(status).orElse(null) : null;
		String search = (q != null && !q.isBlank()) ? clip(q.strip(), MAX_SEARCH) : null;
		// a key deleted since the page before was shown: its list starts again
		String from = (after != null && this.apiKeys.find(after).isPresent()) ? after : null;
		ResultPage<ApiKey> page = this.apiKeys.page(PAGE_SIZE, from, new ApiKeyFilter(search, wanted));
		Map<String, Long> requests = requestsInLastDay(page.items(), now);
		model.addAttribute("active", "keys");
		model.addAttribute("q", (q != null) ? q : "");
		model.addAttribute("status", (wanted != null) ? wanted.wireName() : "");
		model.addAttribute("rows", page.items()
			.stream()
			.map((key) -> new KeyRow(key, ApiKeyStatus.of(key, now).wireName(), requests.getOrDefault(key.id(), 0L)))
			.toList());
		// counting the matches of a search would read the whole table; a status counts in
		// one pass, and a search counts nothing
		Long total = null;
		if (search == null) {
			Map<ApiKeyStatus, Long> counts = this.apiKeys.countByStatus();
			total = (wanted != null) ? counts.get(wanted) : counts.values().stream().mapToLong(Long::longValue).sum();
		}
		model.addAttribute("total", total);
		model.addAttribute("next", page.hasMore() ? page.items().get(page.items().size() - 1).id() : null);
		return "console/keys";
	}

	@GetMapping("/new")
	String newKey(Model model) {
		return form(model, KeyForm.empty(), null, null);
	}

	@PostMapping
	String create(@ModelAttribute KeyForm form, HttpServletResponse response, Model model) {
		IssuedApiKey issued;
		try {
			issued = this.commands.createApiKey(form.createBody(this.json));
		}
		catch (ApiException ex) {
			response.setStatus(ex.error().status().value());
			return form(model, form, null, ex);
		}
		return issued(response, model, issued, "created");
	}

	@GetMapping("/{id}")
	String key(@PathVariable String id, @RequestParam(defaultValue = "24h") String range, Model model) {
		ApiKey key = this.apiKeys.get(id);
		Instant now = this.clock.instant();
		String shown = RANGES.containsKey(range) ? range : "24h";
		Duration span = RANGES.get(shown);
		UsageRange.Granularity granularity = shown.equals("24h") ? UsageRange.Granularity.HOUR
				: UsageRange.Granularity.DAY;
		Instant to = now.truncatedTo(shown.equals("24h") ? ChronoUnit.HOURS : ChronoUnit.DAYS)
			.plus(shown.equals("24h") ? Duration.ofHours(1) : Duration.ofDays(1));
		model.addAttribute("active", "keys");
		model.addAttribute("key", key);
		model.addAttribute("status", ApiKeyStatus.of(key, now).wireName());
		model.addAttribute("allowedModels", new TreeSet<>(key.allowedModels()).stream().toList());
		model.addAttribute("range", shown);
		model.addAttribute("chart",
				UsageChart.of(this.usage.series(key.id(), new UsageRange(to.minus(span), to, granularity))));
		model.addAttribute("explanation",
				this.catalogAdministration.explain(new CatalogScope(key.allowedModels(), key.accountIds())));
		model.addAttribute("accountNames", accountNames());
		return "console/key";
	}

	@GetMapping("/{id}/edit")
	String edit(@PathVariable String id, Model model) {
		ApiKey key = this.apiKeys.get(id);
		return form(model, KeyForm.of(key, catalogModels(), this.format), key, null);
	}

	@PostMapping("/{id}")
	String update(@PathVariable String id, @ModelAttribute KeyForm form, HttpServletResponse response, Model model,
			RedirectAttributes redirect) {
		ApiKey key = this.apiKeys.get(id);
		try {
			this.commands.updateApiKey(id, form.changesFrom(KeyForm.of(key, catalogModels(), this.format), this.json));
		}
		catch (ApiException ex) {
			response.setStatus(ex.error().status().value());
			return form(model, form, key, ex);
		}
		redirect.addFlashAttribute("notice", "Saved.");
		return "redirect:/console/keys/" + id;
	}

	@PostMapping("/{id}/enable")
	String enable(@PathVariable String id, RedirectAttributes redirect) {
		return active(id, true, redirect);
	}

	@PostMapping("/{id}/disable")
	String disable(@PathVariable String id, RedirectAttributes redirect) {
		return active(id, false, redirect);
	}

	@PostMapping("/{id}/regenerate")
	String regenerate(@PathVariable String id, HttpServletResponse response, Model model) {
		return issued(response, model, this.commands.regenerateApiKey(id), "regenerated");
	}

	@PostMapping("/{id}/delete")
	String delete(@PathVariable String id, RedirectAttributes redirect) {
		ApiKey key = this.apiKeys.get(id);
		this.commands.deleteApiKey(id);
		redirect.addFlashAttribute("notice", "Deleted key " + key.name() + ".");
		return "redirect:/console/keys";
	}

	private String active(String id, boolean active, RedirectAttributes redirect) {
		this.commands.updateApiKey(id, this.json.createObjectNode().put("is_active", active));
		redirect.addFlashAttribute("notice", active ? "Enabled." : "Disabled: the key is refused from now on.");
		return "redirect:/console/keys/" + id;
	}

	private String issued(HttpServletResponse response, Model model, IssuedApiKey issued, String how) {
		// the key's plaintext is in this answer only
		response.setHeader(HttpHeaders.CACHE_CONTROL, ResponseHeaders.NO_STORE);
		model.addAttribute("active", "keys");
		model.addAttribute("key", issued.record());
		model.addAttribute("plaintext", issued.plaintext());
		model.addAttribute("how", how);
		return "console/key-issued";
	}

	private String form(Model model, KeyForm form, @Nullable ApiKey key, @Nullable ApiException error) {
		model.addAttribute("active", "keys");
		model.addAttribute("form", form);
		model.addAttribute("key", key);
		model.addAttribute("models", this.catalog.current().codexOrdered());
		model.addAttribute("accounts", this.accounts.list());
		if (error != null) {
			model.addAttribute("error", error.getMessage());
			model.addAttribute("errorParam", error.error().param());
		}
		return "console/key-form";
	}

	private Set<String> catalogModels() {
		return this.catalog.current().codexOrdered().stream().map(CatalogModel::id).collect(Collectors.toSet());
	}

	private Map<String, Long> requestsInLastDay(List<ApiKey> keys, Instant now) {
		Instant to = now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
		UsageRange range = new UsageRange(to.minus(Duration.ofHours(24)), to, UsageRange.Granularity.HOUR);
		return this.usage.requests(range, keys.stream().map(ApiKey::id).toList());
	}

	private static String clip(String text, int length) {
		return (text.length() > length) ? text.substring(0, length) : text;
	}

	private Map<String, String> accountNames() {
		return this.accounts.list().stream().collect(Collectors.toMap(Account::id, Account::name));
	}

	/**
	 * A key in the list.
	 *
	 * @param key the key
	 * @param status {@code active}, {@code disabled} or {@code expired}
	 * @param requests its requests in the last 24 h
	 */
	record KeyRow(ApiKey key, String status, long requests) {

	}

}
