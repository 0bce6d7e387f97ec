package io.codexlb.account;

import java.io.IOException;
import java.nio.file.Files;

import io.codexlb.error.ApiException;
import tools.jackson.core.JacksonException;
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

	DeclaredAccountsImporter(AccountProperties properties, AccountService service, JsonMapper jsonMapper) {
		this.properties = properties;
		this.service = service;
		this.jsonMapper = jsonMapper;
	}

	@Override
	public void afterSingletonsInstantiated() {
		for (int i = 0; i < this.properties.accounts().size(); i++) {
			AccountProperties.DeclaredAccount declared = this.properties.accounts().get(i);
			String property = "codex-lb.accounts[" + i + "].auth-file";
			AuthJson auth;
			try {
				auth = AuthJson.parse(this.jsonMapper.readTree(Files.readAllBytes(declared.authFile())));
			}
			catch (IOException ex) {
				throw new DeclaredAccountException(property,
						"cannot read " + declared.authFile() + " (" + ex.getClass().getSimpleName() + ")");
			}
			catch (JacksonException ex) {
				throw new DeclaredAccountException(property, declared.authFile() + " is not valid JSON");
			}
			catch (ApiException ex) {
				throw new DeclaredAccountException(property,
						declared.authFile() + " is not a Codex CLI auth.json: " + ex.getMessage());
			}
			this.service.importDeclared(auth, declared.name());
		}
	}

}
