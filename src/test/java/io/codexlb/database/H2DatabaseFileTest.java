package io.codexlb.database;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded database's file, found in H2 file URLs and in no other.
 */
class H2DatabaseFileTest {

	@Test
	void h2DatabaseFileShouldBeFoundInFileUrlsOnly() {
		assertThat(H2DatabaseFile.of("jdbc:h2:file:/srv/data/codex-lb;DB_CLOSE_ON_EXIT=FALSE"))
			.isEqualTo(new H2DatabaseFile(Path.of("/srv/data/codex-lb.mv.db")));
		assertThat(H2DatabaseFile.of("jdbc:h2:./data/codex-lb").file())
			.isEqualTo(Path.of("data/codex-lb.mv.db").toAbsolutePath());
		assertThat(H2DatabaseFile.of("jdbc:h2:file:/srv/data/codex-lb").name()).isEqualTo("codex-lb");
		assertThat(H2DatabaseFile.of("jdbc:h2:mem:test;DB_CLOSE_DELAY=-1")).isNull();
		assertThat(H2DatabaseFile.of("jdbc:h2:tcp://localhost/~/test")).isNull();
		assertThat(H2DatabaseFile.of("jdbc:postgresql://127.0.0.1:5432/codexlb")).isNull();
	}

}
