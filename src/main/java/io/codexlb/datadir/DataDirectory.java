package io.codexlb.datadir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The service's data directory, readable only by the service's own user: the embedded
 * database and the generated secret files live there.
 */
@Component
public class DataDirectory {

	/**
	 * The setting that names the data folder, as an operator sets it.
	 */
	public static final String SETTING = "codex-lb.data-dir (CODEX_LB_DATA_DIR)";

	/**
	 * The file of the generated first admin key.
	 */
	public static final String ADMIN_KEY_FILE = "admin-key";

	/**
	 * The file of the generated encryption key of the account tokens.
	 */
	public static final String ENCRYPTION_KEY_FILE = "encryption-key";

	private static final Logger logger = LoggerFactory.getLogger(DataDirectory.class);

	private final Path root;

	DataDirectory(CodexLbProperties properties) {
		this.root = properties.dataDir().toAbsolutePath().normalize();
		restrictToOwner();
	}

	// the embedded database may have created the directory with default permissions
	private void restrictToOwner() {
		try {
			createRoot();
			if (isPosix()) {
				Files.setPosixFilePermissions(this.root, PosixFilePermissions.fromString("rwx------"));
			}
		}
		catch (IOException ex) {
			// fine while nothing has to be written here (a database elsewhere, keys
			// in the environment); whatever has to fails with its own report
			logger.warn("Could not make {} readable only by its owner: {}", this.root, ex.getMessage());
		}
	}

	public Path root() {
		return this.root;
	}

	public Path resolve(String fileName) {
		return this.root.resolve(fileName);
	}

	/**
	 * The secret files that are here. The service writes them only once its database is
	 * migrated, so either one shows that this folder has served a database.
	 * @return the names of the secret files that exist
	 */
	public List<String> secretFiles() {
		return List.of(ADMIN_KEY_FILE, ENCRYPTION_KEY_FILE)
			.stream()
			.filter((name) -> Files.exists(resolve(name)))
			.toList();
	}

	/**
	 * Reads a file of the data directory, if it exists.
	 * @param fileName the file name inside the directory
	 * @return its content without surrounding whitespace
	 */
	public Optional<String> readSecret(String fileName) {
		Path file = resolve(fileName);
		if (!Files.isRegularFile(file)) {
			return Optional.empty();
		}
		try {
			return Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip());
		}
		catch (IOException ex) {
			throw DataDirectoryAccessException.notReadable(file, ex);
		}
	}

	/**
	 * Creates a file that only the owner may read, unless a file of that name exists,
	 * which is left as it is. Readers see either no file or the whole content.
	 * @param fileName the file name inside the directory
	 * @param content the content
	 * @return whether the file was created
	 */
	public boolean createSecret(String fileName, String content) {
		Path file = resolve(fileName);
		try {
			createRoot();
			Path temporary = Files.createTempFile(this.root, "." + fileName, ".tmp", ownerOnly("rw-------"));
			try {
				Files.writeString(temporary, content + "\n", StandardCharsets.UTF_8,
						StandardOpenOption.TRUNCATE_EXISTING);
				publish(temporary, file);
				return true;
			}
			catch (FileAlreadyExistsException ex) {
				return false;
			}
			finally {
				Files.deleteIfExists(temporary);
			}
		}
		catch (IOException ex) {
			throw DataDirectoryAccessException.notWritable(this.root, SETTING, ex);
		}
	}

	// a hard link appears whole and never replaces a file (a rename would); a file
	// system without hard links gets a move that refuses an existing target
	private static void publish(Path temporary, Path file) throws IOException {
		try {
			Files.createLink(file, temporary);
		}
		catch (FileAlreadyExistsException ex) {
			throw ex;
		}
		catch (IOException | UnsupportedOperationException ex) {
			Files.move(temporary, file);
		}
	}

	public void deleteSecret(String fileName) {
		try {
			Files.deleteIfExists(resolve(fileName));
		}
		catch (IOException ex) {
			throw DataDirectoryAccessException.notWritable(this.root, SETTING, ex);
		}
	}

	/**
	 * Makes sure a folder exists and the service may write to it.
	 * @param folder the data directory or another folder the service writes to
	 * @param setting the setting that names the folder, for the failure report
	 * @throws DataDirectoryAccessException if it cannot be created or written
	 */
	public void requireWritable(Path folder, String setting) {
		try {
			if (!Files.isDirectory(folder)) {
				Files.createDirectories(folder, ownerOnly("rwx------"));
			}
			// permissions alone do not tell: root writes anywhere, except on a read-only
			// file system
			Files.delete(Files.createTempFile(folder, ".write-check", ".tmp"));
		}
		catch (IOException ex) {
			throw DataDirectoryAccessException.notWritable(folder, setting, ex);
		}
	}

	private void createRoot() throws IOException {
		if (Files.isDirectory(this.root)) {
			return;
		}
		try {
			Files.createDirectories(this.root, ownerOnly("rwx------"));
		}
		catch (FileAlreadyExistsException ex) {
			// created concurrently: fine
		}
	}

	private static FileAttribute<?>[] ownerOnly(String permissions) {
		if (!isPosix()) {
			return new FileAttribute<?>[0];
		}
		return new FileAttribute<?>[] {
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions)) };
	}

	private static boolean isPosix() {
		return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
	}

}
