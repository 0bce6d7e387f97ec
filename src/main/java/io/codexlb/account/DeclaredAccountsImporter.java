package io.codexlb.account;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import io.codexlb.error.ApiError;
import io.codexlb.error.RequestBodyErrors;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Imports the accounts declared with {@code codex-lb.accounts[N].auth-file} at start; an
 * unreadable or invalid file stops the start with a message naming it.
 */
@Component
class DeclaredAccountsImporter implements SmartInitializingSingleton {

	private final AccountProperties properties;

	private final AccountService service;

	private final JsonMapper jsonMapper;

	private final Validator validator;

	DeclaredAccountsImporter(AccountProperties properties, AccountService service, JsonMapper jsonMapper,
			Validator validator) {
		this.properties = properties;
		this.service = service;
		this.jsonMapper = jsonMapper;
		this.validator = validator;
	}

	@Override
	public void afterSingletonsInstantiated() {
		for (int i = 0; i < this.properties.accounts().size(); i++) {
			AccountProperties.DeclaredAccount declared = this.properties.accounts().get(i);
			String property = "codex-lb.accounts[" + i + "].auth-file";
			this.service.importDeclared(read(declared.authFile(), property), declared.name());
		}
	}

	// the same binding and the same messages as the auth.json posted to the admin API
	private AuthJson read(Path authFile, String property) {
		AuthJsonDocument document;
		try {
			document = this.jsonMapper.readValue(Files.readAllBytes(authFile), AuthJsonDocument.class);
		}
		catch (IOException ex) {
			throw new DeclaredAccountException(property,
					"cannot read " + authFile + " (" + ex.getClass().getSimpleName() + ")");
		}
		catch (StreamReadException ex) {
			throw new DeclaredAccountException(property, authFile + " is not valid JSON");
		}
		catch (JacksonException ex) {
			throw notAuthJson(property, authFile, RequestBodyErrors.of(ex));
		}
		if (document == null) {
			throw notAuthJson(property, authFile, RequestBodyErrors.notAnObject());
		}
		Set<ConstraintViolation<AuthJsonDocument>> violations = this.validator.validate(document);
		if (!violations.isEmpty()) {
			throw notAuthJson(property, authFile, RequestBodyErrors.of(violations));
		}
		return document.toAuthJson();
	}

	private static DeclaredAccountException notAuthJson(String property, Path authFile, ApiError error) {
		// an error about the whole document speaks of a request body: the file is named
		// instead
		String detail = (error.param() != null) ? ": " + error.message() : "";
		return new DeclaredAccountException(property, authFile + " is not a Codex CLI auth.json" + detail);
	}

}
