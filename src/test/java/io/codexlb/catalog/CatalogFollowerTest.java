package io.codexlb.catalog;

import java.time.Duration;

import io.codexlb.logging.ThrottledWarning;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;

import static io.codexlb.catalog.TestSnapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The follower of the snapshots other replicas store, against fake stored snapshots.
 */
@ExtendWith(OutputCaptureExtension.class)
class CatalogFollowerTest {

	private static final String DATABASE_WARNING = "Cannot look for a newer stored catalog, still serving version 3: "
			+ "DataAccessResourceFailureException";

	private final CatalogSnapshot served = snapshot(3, CatalogSnapshot.Source.UPSTREAM);

	private final ModelCatalog catalog = new ModelCatalog(this.served);

	private final FakeStoredSnapshots stored = new FakeStoredSnapshots();

	private final CatalogFollower follower = new CatalogFollower(this.catalog, this.stored,
			new ThrottledWarning(Duration.ofHours(1)));

	@Test
	void followWhenAReplicaStoredANewerVersionShouldServeIt(CapturedOutput output) {
		CatalogSnapshot newer = snapshot(4, CatalogSnapshot.Source.UPSTREAM, 2);
		this.stored.store(newer);
		this.follower.follow();
		assertThat(this.catalog.current()).isSameAs(newer);
		assertThat(output).contains("Following the stored catalog: UPSTREAM version 4 (2 models)");
	}

	@Test
	void followWhenTheStoredVersionIsNotNewerShouldKeepServingWithoutReadingIt() {
		this.follower.follow();
		this.stored.store(snapshot(3, CatalogSnapshot.Source.UPSTREAM));
		this.follower.follow();
		this.stored.store(snapshot(2, CatalogSnapshot.Source.BOOTSTRAP));
		this.follower.follow();
		assertThat(this.catalog.current()).isSameAs(this.served);
		assertThat(this.stored.reads()).isZero();
	}

	@Test
	void followWhenTheDatabaseFailsShouldKeepServingAndWarnOncePerInterval(CapturedOutput output) {
		this.stored.fail(new DataAccessResourceFailureException("connection refused"));
		this.follower.follow();
		this.follower.follow();
		this.follower.follow();
		assertThat(this.catalog.current()).isSameAs(this.served);
		assertThat(output.getAll().split(DATABASE_WARNING, -1)).hasSize(2);
		this.stored.fail(null);
		CatalogSnapshot newer = snapshot(4, CatalogSnapshot.Source.UPSTREAM);
		this.stored.store(newer);
		this.follower.follow();
		assertThat(this.catalog.current()).isSameAs(newer);
	}

	@Test
	void followWhenTheWarningIsDueAgainShouldWarnAgain(CapturedOutput output) {
		CatalogFollower follower = new CatalogFollower(this.catalog, this.stored, new ThrottledWarning(Duration.ZERO));
		this.stored.fail(new DataAccessResourceFailureException("connection refused"));
		follower.follow();
		follower.follow();
		assertThat(output.getAll().split(DATABASE_WARNING, -1)).hasSize(3);
	}

	@Test
	void newerShouldBeTheNewestStoredSnapshotWhenItsVersionIsNewer() {
		assertThat(this.follower.newer(this.served)).isSameAs(this.served);
		CatalogSnapshot newer = snapshot(9, CatalogSnapshot.Source.BOOTSTRAP);
		this.stored.store(newer);
		assertThat(this.follower.newer(this.served)).isSameAs(newer);
		assertThat(this.follower.newer(newer)).isSameAs(newer);
		assertThat(this.catalog.current()).as("newer serves nothing").isSameAs(this.served);
	}

	@Test
	void newerWhenTheDatabaseFailsShouldLetTheFailureThrough() {
		this.stored.fail(new DataAccessResourceFailureException("connection refused"));
		assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> this.follower.newer(this.served));
	}

}
