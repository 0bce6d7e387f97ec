/**
 * The ChatGPT backend as this service calls it: the Codex model list of an account and
 * the OAuth token endpoint.
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package io.codexlb.upstream;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
