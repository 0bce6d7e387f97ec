package io.codexlb.admin.console;

import java.util.stream.Collectors;

import io.codexlb.account.Account;
import io.codexlb.account.AccountService;
import io.codexlb.admin.AdminCommands;
import io.codexlb.catalog.CatalogAdministration;
import io.codexlb.catalog.CatalogChange;
import io.codexlb.catalog.CatalogChangeLog;
import io.codexlb.catalog.CatalogStatus;
import io.codexlb.catalog.ModelCatalog;
import io.codexlb.database.ResultPage;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's catalog: the merged models with their metadata and the accounts that
 * serve them, a refresh on demand with its result, and the change history.
 */
@Controller
@ConsoleEnabled
@RequestMapping("/console/models")
class ModelsController {

	static final int CHANGES_PAGE = 50;

	private final ModelCatalog catalog;

	private final CatalogAdministration administration;

	private final CatalogChangeLog changes;

	private final AccountService accounts;

	private final AdminCommands commands;

	ModelsController(ModelCatalog catalog, CatalogAdministration administration, CatalogChangeLog changes,
			AccountService accounts, AdminCommands commands) {
		this.catalog = catalog;
		this.administration = administration;
		this.changes = changes;
		this.accounts = accounts;
		this.commands = commands;
	}

	@GetMapping
	String models(@RequestParam(required = false) @Nullable Long before, Model model) {
		ResultPage<CatalogChange> page = this.changes.page(CHANGES_PAGE, before, null);
		model.addAttribute("active", "models");
		model.addAttribute("status", this.administration.status());
		model.addAttribute("models", this.catalog.current().codexOrdered());
		model.addAttribute("accountNames",
				this.accounts.list().stream().collect(Collectors.toMap(Account::id, Account::name)));
		model.addAttribute("changes", page.items());
		model.addAttribute("olderChanges", page.hasMore() ? page.items().get(page.items().size() - 1).id() : null);
		return "console/models";
	}

	@PostMapping("/refresh")
	String refresh(RedirectAttributes redirect) {
		CatalogStatus status = this.commands.refreshCatalog();
		long failed = status.accounts().stream().filter((account) -> account.lastError() != null).count();
		redirect.addFlashAttribute("notice",
				"Refreshed: catalog version " + status.version() + " (" + status.source() + "), " + status.modelCount()
						+ " models, " + status.listedModelCount() + " listed"
						+ ((failed > 0) ? "; " + failed + " account(s) failed, see Accounts." : "."));
		return "redirect:/console/models";
	}

}
