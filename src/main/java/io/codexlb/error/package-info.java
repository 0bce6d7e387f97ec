/**
 * The OpenAI error envelope and the one renderer every error path goes through.
 */
@NullMarked
package io.codexlb.error;

import org.jspecify.annotations.NullMarked;
