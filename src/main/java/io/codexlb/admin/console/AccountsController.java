package io.codexlb.admin.console;

import java.util.stream.Collectors;

import io.codexlb.account.AccountService;
import io.codexlb.admin.AdminCommands;
import io.codexlb.catalog.CatalogAdministration;
import io.codexlb.error.ApiError;
import io.codexlb.error.ApiException;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's upstream accounts: their state, adding one from a pasted or uploaded
 * {@code auth.json}, enabling, disabling and deleting.
 */
@Controller
@ConsoleEnabled
@RequestMapping("/console/accounts")
class AccountsController {

	private final CatalogAdministration catalog;

	private final AccountService accounts;

	private final AdminCommands commands;

	private final JsonMapper json;

	AccountsController(CatalogAdministration catalog, AccountService accounts, AdminCommands commands,
			JsonMapper json) {
		this.catalog = catalog;
		this.accounts = accounts;
		this.commands = commands;
		this.json = json;
	}

	@GetMapping
	String list(Model model) {
		return page(model, "", "", null);
	}

	@PostMapping
	String add(@RequestParam(name = "auth_json", defaultValue = "") String authJson,
			@RequestParam(defaultValue = "") String name, HttpServletResponse response, Model model,
			RedirectAttributes redirect) {
		AccountService.Added added;
		try {
			added = this.commands.addAccount(body(authJson, name));
		}
		catch (ApiException ex) {
			response.setStatus(ex.error().status().value());
			// the tokens are not sent back to the page
			return page(model, "", name, ex.getMessage());
		}
		redirect.addFlashAttribute("notice", (added.created() ? "Added account " : "Replaced the tokens of account ")
				+ added.account().name()
				+ ". Its models are in the catalog after the next refresh (or refresh now on the Models page).");
		return "redirect:/console/accounts";
	}

	@PostMapping("/{id}/enable")
	String enable(@PathVariable String id, RedirectAttributes redirect) {
		this.commands.updateAccount(id, this.json.createObjectNode().put("enabled", true));
		redirect.addFlashAttribute("notice", "Enabled.");
		return "redirect:/console/accounts";
	}

	@PostMapping("/{id}/disable")
	String disable(@PathVariable String id, RedirectAttributes redirect) {
		this.commands.updateAccount(id, this.json.createObjectNode().put("enabled", false));
		redirect.addFlashAttribute("notice", "Disabled: the catalog no longer uses this account.");
		return "redirect:/console/accounts";
	}

	@PostMapping("/{id}/delete")
	String delete(@PathVariable String id, RedirectAttributes redirect) {
		String name = this.accounts.find(id).map((account) -> account.name()).orElse(id);
		this.commands.deleteAccount(id);
		redirect.addFlashAttribute("notice", "Deleted account " + name + ".");
		return "redirect:/console/accounts";
	}

	private ObjectNode body(String authJson, String name) {
		JsonNode parsed;
		try {
			parsed = this.json.readTree(authJson);
		}
		catch (JacksonException ex) {
			throw ApiError.invalidRequest("auth_json", "That is not an auth.json: it is not valid JSON.").exception();
		}
		if (!(parsed instanceof ObjectNode body)) {
			throw ApiError.invalidRequest("auth_json", "That is not an auth.json: paste the whole file, {...}.")
				.exception();
		}
		if (!name.isBlank()) {
			body.put("name", name);
		}
		return body;
	}

	private String page(Model model, String authJson, String name, @Nullable String error) {
		model.addAttribute("active", "accounts");
		model.addAttribute("accounts", this.catalog.status().accounts());
		model.addAttribute("details",
				this.accounts.list()
					.stream()
					.collect(Collectors.toMap((account) -> account.id(), (account) -> account)));
		model.addAttribute("authJson", authJson);
		model.addAttribute("name", name);
		model.addAttribute("error", error);
		return "console/accounts";
	}

}
