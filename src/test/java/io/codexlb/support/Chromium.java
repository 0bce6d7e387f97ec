package io.codexlb.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The system's Chromium and ChromeDriver (Debian's {@code chromium} and
 * {@code chromium-driver}), driven headless by Selenium; never a browser a tool
 * downloads. A test class that needs it is skipped, with one line that says so, where
 * they are not installed.
 */
public final class Chromium implements ExecutionCondition {

	private static final Optional<Path> browser = find("chromium", "chromium-browser", "google-chrome");

	private static final Optional<Path> driver = find("chromedriver");

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		if (browser.isPresent() && driver.isPresent()) {
			return ConditionEvaluationResult.enabled("Chromium at " + browser.get() + ", driver at " + driver.get());
		}
		return ConditionEvaluationResult.disabled("Browser tests skipped: no Chromium and ChromeDriver on the PATH "
				+ "(install Debian's chromium and chromium-driver to run them)");
	}

	/**
	 * Starts a headless Chromium with a new profile, on loopback only, its console
	 * messages kept.
	 * @param width the window's width in CSS pixels
	 * @param height the window's height
	 * @return the driver
	 */
	public static ChromeDriver start(int width, int height) {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(browser.orElseThrow().toString());
		// the flags the machine needs: no sandbox as root, and no connection of the
		// browser's own to the closed network
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--disable-extensions", "--disable-features=Translate,OptimizationHints",
				"--window-size=" + width + "," + height, "--force-device-scale-factor=1");
		LoggingPreferences logs = new LoggingPreferences();
		logs.enable(LogType.BROWSER, Level.ALL);
		options.setCapability("goog:loggingPrefs", logs);
		options.setExperimentalOption("prefs", Map.of("credentials_enable_service", false));
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.get().toFile())
			.usingAnyFreePort()
			.build();
		ChromeDriver chrome = new ChromeDriver(service, options);
		chrome.manage().window().setSize(new Dimension(width, height));
		return chrome;
	}

	private static Optional<Path> find(String... names) {
		String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
		return Stream.of(names)
			.flatMap((name) -> Stream.of(path.split(":")).map((dir) -> Path.of(dir, name)))
			.filter(Files::isExecutable)
			.findFirst();
	}

}
