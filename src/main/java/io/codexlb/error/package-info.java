/**
 * The OpenAI error envelope, the one renderer every error path goes through, and the
 * strict binding of request bodies whose failures it renders.
 */
@NullMarked
package io.codexlb.error;

import org.jspecify.annotations.NullMarked;
