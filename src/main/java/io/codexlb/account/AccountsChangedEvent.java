package io.codexlb.account;

/**
 * Published after an account was added, changed, removed or lost its tokens, so that the
 * catalog can follow.
 *
 * @param accountId the account
 */
public record AccountsChangedEvent(String accountId) {

}
