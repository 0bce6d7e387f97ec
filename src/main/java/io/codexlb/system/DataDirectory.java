package io.codexlb.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
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
			throw new UncheckedIOException("Cannot read " + file, ex);
		}
	}

	/**
	 * Writes a file that only the owner may read, atomically: readers see either no file
	 * or the whole content.
	 * @param fileName the file name inside the directory
	 * @param content the content
	 * @return the path written
	 */
	public Path writeSecret(String fileName, String content) {
		Path file = resolve(fileName);
		try {
			createRoot();
			Path temporary = Files.createTempFile(this.root, "." + fileName, ".tmp", ownerOnly("rw-------"));
			try {
				Files.writeString(temporary, content + "\n", StandardCharsets.UTF_8,
						StandardOpenOption.TRUNCATE_EXISTING);
				Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
			}
			finally {
				Files.deleteIfExists(temporary);
			}
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write " + file, ex);
		}
	}

	public void deleteSecret(String fileName) {
		try {
			Files.deleteIfExists(resolve(fileName));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot delete " + resolve(fileName), ex);
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
		return java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
	}

}
