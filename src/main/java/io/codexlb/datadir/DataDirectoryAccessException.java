package io.codexlb.datadir;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import io.codexlb.error.StartupFailure;

/**
 * The data folder, or a file in it, cannot be written or read by the service's user.
 */
class DataDirectoryAccessException extends StartupFailure {

	private DataDirectoryAccessException(String description, String action, IOException cause) {
		super(description, action, cause);
	}

	/**
	 * A folder the service must write to, and cannot.
	 * @param folder the folder
	 * @param setting the setting that names it
	 * @param cause what failed
	 * @return the failure
	 */
	static DataDirectoryAccessException notWritable(Path folder, String setting, IOException cause) {
		String what = setting.equals(DataDirectory.SETTING) ? "data folder" : "folder";
		String reason = reason(folder, cause);
		return new DataDirectoryAccessException(
				"The " + what + " " + folder + ", set by " + setting + ", cannot be written: " + reason + ".",
				"Make " + folder + " writable by the user the service runs as (" + user() + "), or point " + setting
						+ " at a folder that user may create and write. In the Docker image the data folder is "
						+ "/app/data: a volume or host folder mounted there must be writable by uid 10001.",
				cause);
	}

	/**
	 * A file of the data folder that exists and cannot be read.
	 * @param file the file
	 * @param cause what failed
	 * @return the failure
	 */
	static DataDirectoryAccessException notReadable(Path file, IOException cause) {
		String reason = reason(file.getParent(), cause);
		return new DataDirectoryAccessException("The file " + file + " cannot be read: " + reason + ".",
				"Give the user the service runs as (" + user() + ") read access to " + file
						+ ", for example by making it the file's owner: the service keeps its files readable "
						+ "only by their owner.",
				cause);
	}

	// the JDK's messages name a path without saying what is wrong with it
	private static String reason(Path folder, IOException cause) {
		for (Path ancestor = folder; ancestor != null; ancestor = ancestor.getParent()) {
			if (Files.exists(ancestor)) {
				if (!Files.isDirectory(ancestor)) {
					return ancestor + " is a file, not a folder";
				}
				break;
			}
		}
		if (cause instanceof AccessDeniedException) {
			return "permission denied";
		}
		if (cause instanceof FileSystemException fileSystem && fileSystem.getReason() != null) {
			return fileSystem.getReason().toLowerCase(Locale.ROOT);
		}
		return cause.getClass().getSimpleName();
	}

	private static String user() {
		return System.getProperty("user.name", "?");
	}

}
