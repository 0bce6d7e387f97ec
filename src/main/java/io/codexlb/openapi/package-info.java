/**
 * The OpenAPI description of the client port's routes, served by springdoc with its UI.
 */
@ApplicationModule(allowedDependencies = { "security" })
@NullMarked
package io.codexlb.openapi;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
