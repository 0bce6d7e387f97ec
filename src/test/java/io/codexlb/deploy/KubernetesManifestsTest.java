package io.codexlb.deploy;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.convert.DurationStyle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The manifests of {@code deploy/kubernetes} against the service's real settings: the
 * ports and health paths of {@code application.properties}, the property names of the
 * configuration metadata (as Spring's relaxed binding reads environment variables), the
 * shutdown timeouts; and the PrometheusRule against the rules file it is generated from.
 * Reads the output of {@code kubectl kustomize deploy/kubernetes} where kubectl is on the
 * {@code PATH}, else the files the kustomization lists.
 */
class KubernetesManifestsTest {

	private static final Path KUSTOMIZATION = Path.of("deploy/kubernetes");

	private static final Path RULES = Path.of("deploy/prometheus/codex-lb-rules.yml");

	private static final Path OPERATIONS = Path.of("docs/operations.md");

	private static final Pattern SLEEP = Pattern.compile("sleep\\s+(\\d+)");

	private static List<Map<String, Object>> documents;

	private static Properties applicationProperties;

	private static Map<String, String> metadataDefaults;

	@BeforeAll
	static void load() throws Exception {
		documents = rendered();
		applicationProperties = new Properties();
		try (InputStream in = KubernetesManifestsTest.class.getResourceAsStream("/application.properties")) {
			applicationProperties.load(in);
		}
		metadataDefaults = metadata();
	}

	@Test
	void containerShouldDeclareTheClientAndManagementPortsOfTheService() {
		Map<String, Object> container = container();
		Map<String, Integer> ports = new HashMap<>();
		for (Map<String, Object> port : list(container, "ports")) {
			ports.put((String) port.get("name"), (Integer) port.get("containerPort"));
		}
		assertThat(ports).containsExactlyInAnyOrderEntriesOf(
				Map.of("http", intProperty("server.port"), "management", intProperty("management.server.port")));
	}

	@Test
	void clientServiceShouldExposeTheClientPortOnly() {
		List<Map<String, Object>> ports = list(map(resource("Service", "codex-lb"), "spec"), "ports");
		assertThat(ports).hasSize(1);
		assertThat(ports.get(0)).containsEntry("port", intProperty("server.port")).containsEntry("targetPort", "http");
		List<Map<String, Object>> metrics = list(map(resource("Service", "codex-lb-metrics"), "spec"), "ports");
		assertThat(metrics).singleElement()
			.satisfies((port) -> assertThat(port).containsEntry("targetPort", "management"));
	}

	@Test
	void probesShouldUseTheServicesHealthGroupsOnTheManagementPort() {
		assertThat(applicationProperties.getProperty("management.endpoint.health.probes.enabled")).isEqualTo("true");
		assertThat(applicationProperties.getProperty("management.endpoints.web.exposure.include")).contains("health",
				"prometheus");
		assertThat(applicationProperties.getProperty("management.endpoint.health.group.readiness.include"))
			.isNotBlank();
		assertThat(applicationProperties.getProperty("management.endpoints.web.base-path")).isNull();
		Map<String, Object> container = container();
		assertThat(probe(container, "readinessProbe")).isEqualTo("/actuator/health/readiness");
		assertThat(probe(container, "livenessProbe")).isEqualTo("/actuator/health/liveness");
		assertThat(probe(container, "startupProbe")).isEqualTo("/actuator/health/liveness");
		Map<String, Object> endpoint = list(map(resource("ServiceMonitor", "codex-lb"), "spec"), "endpoints").get(0);
		assertThat(endpoint).containsEntry("port", "management").containsEntry("path", "/actuator/prometheus");
	}

	@Test
	void environmentShouldNameRealSettings() {
		Set<String> known = metadataDefaults.keySet()
			.stream()
			.map(KubernetesManifestsTest::environmentName)
			.collect(Collectors.toSet());
		Set<String> names = new HashSet<>(map(resource("ConfigMap", "codex-lb"), "data").keySet());
		names.addAll(map(resource("Secret", "codex-lb"), "stringData").keySet());
		for (Map<String, Object> variable : list(container(), "env")) {
			names.add((String) variable.get("name"));
		}
		assertThat(known).containsAll(names);
		assertThat(names).contains("SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD",
				"CODEX_LB_ADMIN_KEY", "CODEX_LB_ENCRYPTION_KEY", "CODEX_LB_RATE_LIMIT_STORE",
				"CODEX_LB_RATE_LIMIT_REDIS_URL");
		assertThat(map(resource("Secret", "codex-lb"), "stringData")).containsKeys("SPRING_DATASOURCE_PASSWORD",
				"CODEX_LB_ADMIN_KEY", "CODEX_LB_ENCRYPTION_KEY");
		List<String> sources = list(container(), "envFrom").stream()
			.map((source) -> (String) map(source, source.containsKey("secretRef") ? "secretRef" : "configMapRef")
				.get("name"))
			.toList();
		assertThat(sources).containsExactlyInAnyOrder("codex-lb", "codex-lb");
	}

	@Test
	void gracePeriodShouldOutlastThePreStopPauseTheDrainAndTheGracefulShutdown() {
		Map<String, Object> pod = podSpec();
		Duration drain = DurationStyle.detectAndParse(setting("codex-lb.shutdown.drain-timeout"));
		Duration shutdown = DurationStyle.detectAndParse(setting("spring.lifecycle.timeout-per-shutdown-phase"));
		List<?> command = (List<?>) map(map(map(container(), "lifecycle"), "preStop"), "exec").get("command");
		Matcher sleep = SLEEP.matcher(String.join(" ", command.stream().map(String::valueOf).toList()));
		assertThat(sleep.find()).as("preStop sleeps").isTrue();
		long pause = Long.parseLong(sleep.group(1));
		assertThat(pause).isPositive();
		assertThat((Integer) pod.get("terminationGracePeriodSeconds"))
			.isGreaterThan((int) (pause + drain.toSeconds() + shutdown.toSeconds()));
	}

	@Test
	void podShouldRunAsNonRootOnAReadOnlyRootWithVolumesForTheDataFolderAndTmp() {
		Map<String, Object> pod = podSpec();
		Map<String, Object> container = container();
		assertThat(map(pod, "securityContext")).containsEntry("runAsNonRoot", true);
		assertThat(map(container, "securityContext")).containsEntry("readOnlyRootFilesystem", true)
			.containsEntry("allowPrivilegeEscalation", false);
		Set<String> emptyDirs = list(pod, "volumes").stream()
			.filter((volume) -> volume.containsKey("emptyDir"))
			.map((volume) -> (String) volume.get("name"))
			.collect(Collectors.toSet());
		List<String> mounts = list(container, "volumeMounts").stream()
			.filter((mount) -> emptyDirs.contains(mount.get("name")))
			.map((mount) -> (String) mount.get("mountPath"))
			.toList();
		String dataDir = list(container, "env").stream()
			.filter((variable) -> "CODEX_LB_DATA_DIR".equals(variable.get("name")))
			.map((variable) -> (String) variable.get("value"))
			.findFirst()
			.orElseThrow();
		assertThat(mounts).contains("/tmp").anySatisfy((mount) -> assertThat(dataDir).startsWith(mount));
		assertThat(map(container, "resources")).containsKeys("requests", "limits");
	}

	@Test
	void replicasShouldBeTwoOrMoreAndADisruptionShouldTakeOneAtATime() {
		assertThat((Integer) map(resource("Deployment", "codex-lb"), "spec").get("replicas")).isGreaterThanOrEqualTo(2);
		assertThat((Integer) map(resource("HorizontalPodAutoscaler", "codex-lb"), "spec").get("minReplicas"))
			.isGreaterThanOrEqualTo(2);
		assertThat(map(resource("PodDisruptionBudget", "codex-lb"), "spec")).containsEntry("maxUnavailable", 1);
	}

	@Test
	void prometheusRuleShouldHoldTheGroupsOfTheRulesFile() throws IOException {
		Map<String, Object> rules = new Yaml().load(Files.readString(RULES));
		assertThat(map(resource("PrometheusRule", "codex-lb"), "spec"))
			.as("prometheusrule.yaml is generated from %s: run deploy/kubernetes/generate-prometheus-rule.sh", RULES)
			.isEqualTo(rules);
	}

	@Test
	void everyAlertShouldHaveItsAnnotationsAndARunbookInTheOperationsPage() throws IOException {
		Map<String, Object> rules = new Yaml().load(Files.readString(RULES));
		Set<String> headings = Files.readAllLines(OPERATIONS)
			.stream()
			.filter((line) -> line.startsWith("#"))
			.map((line) -> line.replaceFirst("^#+\\s*", "")
				.toLowerCase(Locale.ROOT)
				.replaceAll("[^a-z0-9 _-]", "")
				.replace(' ', '-'))
			.collect(Collectors.toSet());
		List<String> alerts = new ArrayList<>();
		for (Map<String, Object> group : list(rules, "groups")) {
			for (Map<String, Object> rule : list(group, "rules")) {
				if (!rule.containsKey("alert")) {
					continue;
				}
				alerts.add((String) rule.get("alert"));
				Map<String, Object> annotations = map(rule, "annotations");
				assertThat(annotations).containsKeys("summary", "description", "runbook_url");
				String runbook = (String) annotations.get("runbook_url");
				assertThat(runbook).startsWith(OPERATIONS + "#");
				assertThat(headings).contains(runbook.substring(runbook.indexOf('#') + 1));
			}
		}
		assertThat(alerts).hasSizeGreaterThanOrEqualTo(9);
	}

	// ---- reading

	private static List<Map<String, Object>> rendered() throws Exception {
		String kubectl = onPath("kubectl");
		List<String> texts = new ArrayList<>();
		if (kubectl != null) {
			Process process = new ProcessBuilder(kubectl, "kustomize", KUSTOMIZATION.toString())
				.redirectErrorStream(true)
				.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
			assertThat(process.exitValue()).as("kubectl kustomize %s: %s", KUSTOMIZATION, output).isZero();
			texts.add(output);
		}
		else {
			System.out.println("KubernetesManifestsTest: no kubectl on the PATH; reading the files of " + KUSTOMIZATION
					+ " instead of the rendered output");
			Map<String, Object> kustomization = new Yaml()
				.load(Files.readString(KUSTOMIZATION.resolve("kustomization.yaml")));
			for (Object resource : (List<?>) kustomization.get("resources")) {
				texts.add(Files.readString(KUSTOMIZATION.resolve((String) resource)));
			}
		}
		List<Map<String, Object>> documents = new ArrayList<>();
		for (String text : texts) {
			for (Object document : new Yaml().loadAll(text)) {
				if (document != null) {
					documents.add(cast(document));
				}
			}
		}
		return documents;
	}

	private static String onPath(String command) {
		String path = System.getenv("PATH");
		if (path == null) {
			return null;
		}
		for (String dir : path.split(File.pathSeparator)) {
			Path candidate = Path.of(dir, command);
			if (Files.isExecutable(candidate)) {
				return candidate.toString();
			}
		}
		return null;
	}

	// every property of the configuration metadata on the classpath (the service's and
	// Spring Boot's), with its default where it has one
	private static Map<String, String> metadata() throws IOException {
		JsonMapper json = JsonMapper.builder().build();
		Map<String, String> properties = new HashMap<>();
		Enumeration<URL> files = KubernetesManifestsTest.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json");
		while (files.hasMoreElements()) {
			try (InputStream in = files.nextElement().openStream()) {
				for (JsonNode property : json.readTree(in).path("properties")) {
					JsonNode value = property.get("defaultValue");
					properties.put(property.get("name").asString(),
							(value != null && value.isValueNode()) ? value.asString() : null);
				}
			}
		}
		assertThat(properties).containsKeys("codex-lb.admin-key", "spring.datasource.url");
		return properties;
	}

	// application.properties first, else the metadata's default
	private static String setting(String name) {
		String value = applicationProperties.getProperty(name);
		return (value != null) ? value : metadataDefaults.get(name);
	}

	private static int intProperty(String name) {
		return Integer.parseInt(applicationProperties.getProperty(name));
	}

	// Spring's relaxed binding of environment variables: dots and dashes become
	// underscores, all upper case
	private static String environmentName(String property) {
		return property.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
	}

	private static Map<String, Object> resource(String kind, String name) {
		return documents.stream()
			.filter((document) -> kind.equals(document.get("kind"))
					&& name.equals(map(document, "metadata").get("name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + KUSTOMIZATION));
	}

	private static Map<String, Object> podSpec() {
		return map(map(map(resource("Deployment", "codex-lb"), "spec"), "template"), "spec");
	}

	private static Map<String, Object> container() {
		return list(podSpec(), "containers").get(0);
	}

	private static String probe(Map<String, Object> container, String probe) {
		Map<String, Object> httpGet = map(map(container, probe), "httpGet");
		assertThat(httpGet).as(probe + " port").containsEntry("port", "management");
		return (String) httpGet.get("path");
	}

	private static Map<String, Object> map(Map<String, Object> parent, String key) {
		Object value = parent.get(key);
		assertThat(value).as(key).isInstanceOf(Map.class);
		return cast(value);
	}

	private static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
		Object value = parent.get(key);
		assertThat(value).as(key).isInstanceOf(List.class);
		List<Map<String, Object>> items = new ArrayList<>();
		for (Object item : (List<?>) value) {
			items.add(cast(item));
		}
		return items;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> cast(Object value) {
		return (Map<String, Object>) value;
	}

}
