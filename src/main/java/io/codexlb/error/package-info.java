/**
 * Errors: the OpenAI error envelope and the one renderer every HTTP error path goes
 * through, the strict binding of request bodies whose failures it renders, the headers
 * every answer carries, and the start-up failures an operator can put right.
 */
@ApplicationModule(allowedDependencies = { "logging" })
@NullMarked
package io.codexlb.error;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
