package io.codexlb.catalog;

import java.time.Instant;
import java.util.List;

/**
 * The changes of one refresh round, published in the transaction that recorded them: a
 * listener that writes in that transaction commits or rolls back with them.
 *
 * @param snapshotVersion the version of the round's snapshot
 * @param occurredAt when the round recorded them
 * @param changes the changes, in the order they were recorded; never empty
 */
public record CatalogChangesRecorded(long snapshotVersion, Instant occurredAt, List<CatalogChange> changes) {

}
