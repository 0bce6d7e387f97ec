package io.codexlb.admin.console;

import io.codexlb.audit.AuditLog;
import io.codexlb.audit.AuditRecord;
import io.codexlb.database.ResultPage;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The console's audit log: newest first, paged, filtered by action and by target.
 */
@Controller
@ConsoleEnabled
class AuditController {

	static final int PAGE_SIZE = 50;

	private final AuditLog auditLog;

	AuditController(AuditLog auditLog) {
		this.auditLog = auditLog;
	}

	@GetMapping("/console/audit")
	String audit(@RequestParam(required = false) @Nullable String action,
			@RequestParam(required = false) @Nullable String target,
			@RequestParam(required = false) @Nullable Long before, Model model) {
		String actionFilter = blankToNull(action);
		String targetFilter = blankToNull(target);
		ResultPage<AuditRecord> page = this.auditLog.page(PAGE_SIZE, before, actionFilter, targetFilter);
		model.addAttribute("active", "audit");
		model.addAttribute("rows", page.items());
		model.addAttribute("action", (actionFilter != null) ? actionFilter : "");
		model.addAttribute("target", (targetFilter != null) ? targetFilter : "");
		model.addAttribute("older", page.hasMore() ? page.items().get(page.items().size() - 1).id() : null);
		return "console/audit";
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

}
