/**
 * The stateless Spring Security filter chains that turn a bearer API key into an
 * authenticated grant, and the firewall every request passes.
 */
@ApplicationModule(allowedDependencies = { "apikey", "error" })
@NullMarked
package io.codexlb.security;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
