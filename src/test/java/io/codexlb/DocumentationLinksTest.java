package io.codexlb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documentation's relative links resolve: every {@code [text](path)} and
 * {@code [text](path#anchor)} in {@code README.md}, {@code CONTRIBUTING.md} and
 * {@code docs/} names a file or folder of the repository, and an anchor names a heading
 * of that file by GitHub's rules. External links are not fetched. The README stays short.
 */
class DocumentationLinksTest {

	static final long README_MAX_BYTES = 12 * 1024;

	private static final Path ROOT = Path.of("").toAbsolutePath();

	private static final Pattern INLINE_LINK = Pattern
		.compile("!?\\[([^\\]]*)\\]\\(\\s*<?([^)\\s>]*)>?(?:\\s+\"[^\"]*\")?\\s*\\)");

	private static final Pattern REFERENCE_DEFINITION = Pattern
		.compile("^ {0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s.*)?$");

	private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)(?:\\s+#+)?\\s*$");

	private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:id|name)=\"([^\"]+)\"");

	private static final Pattern EXTERNAL = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:.*");

	@Test
	void readmeShouldBeAtMost12KiB() throws IOException {
		assertThat(Files.size(ROOT.resolve("README.md"))).as("size of README.md in bytes")
			.isLessThanOrEqualTo(README_MAX_BYTES);
	}

	@Test
	void everyRelativeLinkShouldResolve() {
		List<Path> documents = documents();
		assertThat(documents).contains(ROOT.resolve("README.md"), ROOT.resolve("CONTRIBUTING.md"));
		List<String> broken = new ArrayList<>();
		for (Path document : documents) {
			for (Link link : links(read(document))) {
				String problem = problem(document, link.target());
				if (problem != null) {
					broken.add(ROOT.relativize(document) + ":" + link.line() + ": (" + link.target() + ") " + problem);
				}
			}
		}
		assertThat(broken).as("links that do not resolve").isEmpty();
	}

	@Test
	void linksShouldSkipCodeAndFindEveryForm() {
		String markdown = """
				See [one](a.md), ![an image](img/b.png "title") and [two](c.md#part).
				`[not a link](x.md)`

				```
				[not a link either](y.md)
				```

				[ref]: d.md#other
				<!-- [commented out](z.md) -->
				""";
		assertThat(links(markdown)).extracting(Link::target)
			.containsExactly("a.md", "img/b.png", "c.md#part", "d.md#other");
		assertThat(links(markdown)).extracting(Link::line).containsExactly(1, 1, 1, 8);
	}

	@Test
	void anchorsShouldFollowGitHubsSlugs() {
		String markdown = """
				# codex-lb
				## Data folder and start-up
				## `codex-lb.rate-limit.*`
				### Request bodies & connections
				## Rate limits
				## Rate limits
				## What a 2xx means: `WRITE_DELAY=0`
				```
				## not a heading
				```
				""";
		assertThat(anchors(markdown)).containsExactly("codex-lb", "data-folder-and-start-up", "codex-lbrate-limit",
				"request-bodies--connections", "rate-limits", "rate-limits-1", "what-a-2xx-means-write_delay0");
	}

	@Test
	void problemWhenFileOrAnchorIsMissingShouldSaySo() {
		Path readme = ROOT.resolve("README.md");
		assertThat(problem(readme, "docs/no-such-file.md")).isEqualTo("no such file");
		assertThat(problem(readme, "CONTRIBUTING.md#no-such-heading")).isEqualTo("no heading #no-such-heading");
		assertThat(problem(readme, "#no-such-heading")).isEqualTo("no heading #no-such-heading");
		assertThat(problem(readme, "https://example.com/missing")).isNull();
		assertThat(problem(readme, "CONTRIBUTING.md")).isNull();
	}

	private static List<Path> documents() {
		List<Path> documents = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("CONTRIBUTING.md")));
		try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
			docs.filter((path) -> path.toString().endsWith(".md")).sorted().forEach(documents::add);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return documents;
	}

	/**
	 * Why a link from a document does not resolve.
	 * @param document the document that holds the link
	 * @param target the link's target
	 * @return the problem, or {@code null} when the link resolves or is external
	 */
	static String problem(Path document, String target) {
		if (EXTERNAL.matcher(target).matches() || target.startsWith("//")) {
			return null;
		}
		int hash = target.indexOf('#');
		String path = (hash >= 0) ? target.substring(0, hash) : target;
		String anchor = (hash >= 0) ? target.substring(hash + 1) : null;
		Path file = path.isEmpty() ? document : document.getParent().resolve(path).normalize();
		if (!file.startsWith(ROOT)) {
			return "outside the repository";
		}
		if (!Files.exists(file)) {
			return "no such file";
		}
		if (anchor == null || anchor.isEmpty()) {
			return null;
		}
		if (!file.toString().endsWith(".md")) {
			return "an anchor in a file that is not Markdown";
		}
		return anchors(read(file)).contains(anchor) ? null : "no heading #" + anchor;
	}

	/**
	 * The links of a Markdown document, outside code blocks, code spans and HTML
	 * comments: inline links and images, and reference definitions.
	 * @param markdown the document
	 * @return its links with their line numbers
	 */
	static List<Link> links(String markdown) {
		List<Link> links = new ArrayList<>();
		List<String> lines = prose(markdown);
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i);
			Matcher definition = REFERENCE_DEFINITION.matcher(line);
			if (definition.matches()) {
				links.add(new Link(i + 1, definition.group(1)));
				continue;
			}
			Matcher inline = INLINE_LINK.matcher(line);
			while (inline.find()) {
				links.add(new Link(i + 1, inline.group(2)));
			}
		}
		return links;
	}

	/**
	 * The anchors GitHub gives the headings of a Markdown document (and explicit
	 * {@code <a id>} anchors): the heading's text lowercased, without punctuation other
	 * than {@code -} and {@code _}, each space a {@code -}; a repeated anchor gets
	 * {@code -1}, {@code -2}, ...
	 * @param markdown the document
	 * @return its anchors in order
	 */
	static Set<String> anchors(String markdown) {
		Set<String> anchors = new LinkedHashSet<>();
		Map<String, Integer> seen = new HashMap<>();
		for (String line : prose(markdown)) {
			Matcher explicit = HTML_ANCHOR.matcher(line);
			while (explicit.find()) {
				anchors.add(explicit.group(1));
			}
			Matcher heading = HEADING.matcher(line);
			if (!heading.matches()) {
				continue;
			}
			String slug = slug(heading.group(2));
			String anchor = slug;
			for (int n = seen.getOrDefault(slug, 0); anchors.contains(anchor); n++) {
				anchor = slug + "-" + (n + 1);
				seen.put(slug, n + 1);
			}
			anchors.add(anchor);
		}
		return anchors;
	}

	static String slug(String heading) {
		String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replace("`", "").replace("*", "");
		return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]", "").replace(' ', '-');
	}

	/**
	 * The lines of a document with fenced code blocks, code spans and HTML comments
	 * blanked out, so that line numbers stay; headings are kept with the text of their
	 * code spans.
	 */
	private static List<String> prose(String markdown) {
		String withoutComments = Pattern.compile("<!--.*?-->", Pattern.DOTALL)
			.matcher(markdown)
			.replaceAll((match) -> match.group().replaceAll("[^\n]", " "));
		List<String> lines = new ArrayList<>();
		String fence = null;
		for (String line : withoutComments.split("\n", -1)) {
			String stripped = line.strip();
			if (fence != null) {
				if (stripped.startsWith(fence)) {
					fence = null;
				}
				lines.add("");
			}
			else if (stripped.startsWith("```") || stripped.startsWith("~~~")) {
				fence = stripped.substring(0, 3);
				lines.add("");
			}
			else if (HEADING.matcher(line).matches()) {
				lines.add(line);
			}
			else {
				lines.add(line.replaceAll("`[^`]*`", "``"));
			}
		}
		return lines;
	}

	private static String read(Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A link of a document.
	 *
	 * @param line its line, from 1
	 * @param target what it points at
	 */
	record Link(int line, String target) {

	}

}
