/**
 * Upstream accounts: ChatGPT logins whose tokens, encrypted at rest and refreshed before
 * they expire, let the service read each account's model list.
 */
@ApplicationModule(allowedDependencies = { "database", "datadir", "error", "replica", "upstream" })
@NullMarked
package io.codexlb.account;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
