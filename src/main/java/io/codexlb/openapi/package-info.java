/**
 * The OpenAPI description of the client port's routes, served by springdoc with its UI.
 */
@NullMarked
package io.codexlb.openapi;

import org.jspecify.annotations.NullMarked;
