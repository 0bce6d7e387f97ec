/**
 * The client-facing HTTP API: the models endpoint and the request id on every response.
 */
@NullMarked
package io.codexlb.web;

import org.jspecify.annotations.NullMarked;
