package io.codexlb.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden files: a JSON body pretty-printed in its own field order must equal the file
 * under {@code src/test/resources/golden}. Run with {@code -Dgolden.update=true} to
 * rewrite the files after a deliberate change, then review the diff.
 */
public final class Golden {

	private static final Path DIRECTORY = Path.of("src", "test", "resources", "golden");

	private static final JsonMapper pretty = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private Golden() {
	}

	public static void assertMatches(String name, byte[] body) {
		String actual = pretty.writeValueAsString(pretty.readTree(body)) + "\n";
		Path file = DIRECTORY.resolve(name);
		try {
			if (Boolean.getBoolean("golden.update")) {
				Files.createDirectories(DIRECTORY);
				Files.writeString(file, actual, StandardCharsets.UTF_8);
			}
			assertThat(file).as("golden file %s", file).exists();
			assertThat(actual).as("body against golden file %s", file)
				.isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
