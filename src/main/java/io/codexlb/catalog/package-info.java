/**
 * The model catalog: upstream-shaped model lists mapped to the seed's model objects, held
 * in a snapshot and rendered once.
 */
@NullMarked
package io.codexlb.catalog;

import org.jspecify.annotations.NullMarked;
