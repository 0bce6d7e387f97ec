package io.codexlb.datadir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The data directory's secret files: created whole and owner-only, never replaced; and a
 * folder that cannot be written is named with the reason.
 */
class DataDirectoryTest {

	@TempDir
	Path workDir;

	@Test
	void createSecretShouldWriteAnOwnerOnlyFileAndNeverReplaceOne() throws Exception {
		DataDirectory directory = new DataDirectory(new CodexLbProperties(this.workDir.resolve("data"), null));
		assertThat(directory.createSecret("admin-key", "first")).isTrue();
		Path file = this.workDir.resolve("data/admin-key");
		assertThat(file).hasContent("first\n");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		assertThat(directory.createSecret("admin-key", "second")).isFalse();
		assertThat(file).hasContent("first\n");
		try (var files = Files.list(this.workDir.resolve("data"))) {
			assertThat(files).containsExactly(file);
		}
	}

	@Test
	void secretFilesShouldBeTheKeyFilesThatExist() {
		DataDirectory directory = new DataDirectory(new CodexLbProperties(this.workDir.resolve("data"), null));
		assertThat(directory.secretFiles()).isEmpty();
		directory.createSecret(DataDirectory.ENCRYPTION_KEY_FILE, "key");
		assertThat(directory.secretFiles()).containsExactly("encryption-key");
		directory.createSecret(DataDirectory.ADMIN_KEY_FILE, "key");
		assertThat(directory.secretFiles()).containsExactly("admin-key", "encryption-key");
	}

	@Test
	void requireWritableWhenAParentIsAFileShouldNameIt() throws Exception {
		Path file = Files.writeString(this.workDir.resolve("file"), "x");
		DataDirectory directory = new DataDirectory(new CodexLbProperties(file.resolve("data"), null));
		assertThatExceptionOfType(DataDirectoryAccessException.class)
			.isThrownBy(() -> directory.requireWritable(directory.root(), DataDirectory.SETTING))
			.withMessage("The data folder " + file.resolve("data")
					+ ", set by codex-lb.data-dir (CODEX_LB_DATA_DIR), cannot be written: " + file
					+ " is a file, not a folder.");
		assertThatExceptionOfType(DataDirectoryAccessException.class)
			.isThrownBy(() -> directory.createSecret("admin-key", "key"))
			.withMessageContaining("is a file, not a folder");
	}

}
