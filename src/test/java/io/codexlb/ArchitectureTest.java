package io.codexlb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModuleDependency;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;
import org.springframework.modulith.docs.Documenter.DiagramOptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The modules, one per package under {@code io.codexlb}, verified by Spring Modulith: no
 * cycles, and each module uses only the modules its {@code package-info} allows. A new
 * package is a new module and is checked without any list here. The module diagram in
 * {@code docs/architecture.md} is generated from the same model; run with
 * {@code -Dgolden.update=true} to write it again.
 */
class ArchitectureTest {

	private static final ApplicationModules modules = ApplicationModules.of(CodexLbApplication.class);

	private static final Path ARCHITECTURE = Path.of("docs/architecture.md");

	private static final String DIAGRAM_START = "<!-- modules: generated, see ArchitectureTest -->";

	private static final String DIAGRAM_END = "<!-- end of the generated modules -->";

	// the HTTP front ends and the API document use the features; no feature uses them
	private static final Set<String> FRONT_ENDS = Set.of("web", "admin", "openapi");

	@Test
	void modulesShouldBeFreeOfCyclesAndUseOnlyTheModulesTheyAllow() {
		modules.verify();
	}

	@Test
	void frontEndsShouldBeUsedByNoOtherModule() {
		List<String> uses = modules.stream()
			.flatMap((module) -> module.getDirectDependencies(modules)
				.stream()
				.map(ApplicationModuleDependency::getTargetModule)
				.map(ApplicationModule::getIdentifier)
				.map(Object::toString)
				.filter(FRONT_ENDS::contains)
				.filter((target) -> !target.equals(module.getIdentifier().toString()))
				.map((target) -> module.getIdentifier() + " -> " + target))
			.distinct()
			.toList();
		assertThat(uses).isEmpty();
	}

	@Test
	void committedModuleDiagramShouldMatchTheModules(@TempDir Path output) throws IOException {
		new Documenter(modules, output.toString())
			.writeModulesAsPlantUml(DiagramOptions.defaults().withStyle(DiagramOptions.DiagramStyle.UML));
		String diagram = stableOrder(Files.readString(output.resolve("components.puml")).strip());
		String generated = DIAGRAM_START + "\n```plantuml\n" + diagram + "\n```\n" + DIAGRAM_END;
		String document = Files.readString(ARCHITECTURE);
		int start = document.indexOf(DIAGRAM_START);
		int end = document.indexOf(DIAGRAM_END);
		assertThat(start).as("the start marker in %s", ARCHITECTURE).isNotNegative();
		String committed = (end > start) ? document.substring(start, end + DIAGRAM_END.length())
				: document.substring(start, start + DIAGRAM_START.length());
		if (Boolean.getBoolean("golden.update") && !committed.equals(generated)) {
			Files.writeString(ARCHITECTURE, document.replace(committed, generated));
			committed = generated;
		}
		assertThat(committed)
			.as("the module diagram in %s (run with -Dgolden.update=true to write it again)", ARCHITECTURE)
			.isEqualTo(generated);
	}

	// the documenter lists modules and relationships in hash order: sorted, the diagram
	// changes only when the modules do
	private static String stableOrder(String diagram) {
		List<String> lines = new ArrayList<>(diagram.lines().toList());
		sortInPlace(lines, (line) -> line.strip().startsWith("component "));
		sortInPlace(lines, (line) -> line.contains(" --> "));
		return String.join("\n", lines);
	}

	private static void sortInPlace(List<String> lines, Predicate<String> kind) {
		List<Integer> positions = new ArrayList<>();
		for (int i = 0; i < lines.size(); i++) {
			if (kind.test(lines.get(i))) {
				positions.add(i);
			}
		}
		List<String> sorted = positions.stream().map(lines::get).sorted().toList();
		for (int i = 0; i < positions.size(); i++) {
			lines.set(positions.get(i), sorted.get(i));
		}
	}

}
