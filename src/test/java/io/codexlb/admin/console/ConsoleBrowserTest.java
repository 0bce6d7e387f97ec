package io.codexlb.admin.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;

import com.openai.errors.UnauthorizedException;
import io.codexlb.support.Chromium;
import io.codexlb.support.UpstreamServerTestSupport;
import io.codexlb.support.UpstreamStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The console in a real headless Chromium against the running service and the upstream
 * stand-in: what an operator does in it, seen from the browser and checked through the
 * API and the OpenAI SDK. Each page is also taken at 1440 and 360 px wide, into
 * {@code target/console-screenshots/}.
 */
@ExtendWith(Chromium.class)
class ConsoleBrowserTest extends UpstreamServerTestSupport {

	static final Path SCREENSHOTS = Path.of("target/console-screenshots");

	private static final int WIDE = 1440;

	private static final int NARROW = 360;

	private static ChromeDriver browser;

	@Autowired
	private SignInLimiter limiter;

	@BeforeEach
	void freshBrowser() {
		// the clock stands still: failed sign-ins of other tests would never be forgotten
		this.limiter.forgetAll();
		if (browser == null) {
			browser = Chromium.start(WIDE, 900);
		}
		browser.manage().window().setSize(new Dimension(WIDE, 900));
		browser.get(url("/console/sign-in"));
		browser.manage().deleteAllCookies();
		// the console messages of the page before this test are not this test's
		browser.manage().logs().get(LogType.BROWSER);
	}

	@AfterAll
	static void quitBrowser() {
		if (browser != null) {
			browser.quit();
			browser = null;
		}
	}

	@Test
	void operatorShouldCreateARestrictedKeyCopyItOnceAndDisableIt() {
		twoModelAccount("con-create");
		signIn(adminKey());
		find(By.linkText("Keys")).click();
		find(By.id("keys"));
		find(By.linkText("Create a key")).click();
		find(By.id("name")).sendKeys("restricted-" + UUID.randomUUID());
		find(By.cssSelector("input[name=allowedModels][value='con-create-a']")).click();
		find(By.cssSelector("button[type=submit].primary")).click();

		String plaintext = find(By.id("issued-key")).getText();
		assertThat(plaintext).startsWith("sk-clb-");
		assertThat(browser.getCurrentUrl()).doesNotContain(plaintext).endsWith("/console/keys");
		find(By.id("copy-key")).click();
		wait(browser).until(ExpectedConditions.not(ExpectedConditions.textToBe(By.id("copy-status"), "")));
		assertThat(find(By.id("copy-status")).getText()).containsAnyOf("Copied", "Selected");
		assertThat(sdkIds(plaintext)).containsExactly("con-create-a");

		find(By.id("issued-key-page")).click();
		find(By.id("key-name"));
		assertThat(browser.getPageSource()).as("the key is shown once only").doesNotContain(plaintext);
		find(By.id("disable-key")).click();
		wait(browser).until(ExpectedConditions.textToBe(By.id("key-status"), "disabled"));
		assertThatExceptionOfType(UnauthorizedException.class).isThrownBy(() -> sdk(plaintext).models().list());
		assertNoConsoleErrors();
	}

	@Test
	void accountAddedFromAnUploadedAuthJsonShouldBringItsModels() throws IOException {
		Login login = login("con-upload");
		upstream.models(login.accessToken(),
				UpstreamStandIn.json(200, models(entry("con-upload-model", 1, "Uploaded"))));
		Path authJson = Files.createTempFile("auth", ".json");
		Files.writeString(authJson, login.authJson());
		signIn(adminKey());
		find(By.linkText("Accounts")).click();
		find(By.id("auth-file")).sendKeys(authJson.toAbsolutePath().toString());
		wait(browser).until((page) -> !find(By.id("auth-json")).getDomProperty("value").isEmpty());
		find(By.id("account-name")).sendKeys("uploaded");
		find(By.cssSelector("form[action$='/console/accounts'] button[type=submit]")).click();
		assertThat(notice("Added")).startsWith("Added account uploaded");
		assertThat(find(By.id("accounts")).getText()).contains("uploaded", "con-upload@example.com");

		find(By.linkText("Models")).click();
		find(By.id("refresh-now")).click();
		assertThat(notice("Refreshed")).startsWith("Refreshed");
		assertThat(browser.findElements(By.cssSelector("tr[data-model='con-upload-model']"))).hasSize(1);
		assertThat(ids()).contains("con-upload-model");
		assertThat(this.secrets).allSatisfy((secret) -> assertThat(browser.getPageSource()).doesNotContain(secret));
		assertNoConsoleErrors();
	}

	@Test
	void markupInKeyNamesAndUpstreamTextShouldRenderAsText() {
		String tag = UUID.randomUUID().toString();
		String markupName = "<img src=x onerror=alert(1)> " + tag;
		createKey("{\"name\":\"" + markupName.replace("\"", "\\\"") + "\"}");
		Login login = login("con-markup");
		upstream.models(login.accessToken(), UpstreamStandIn.json(200, models(entry("con-markup-model", 1,
				"<b id=injected>bold</b><script>alert(2)</script><img src=x onerror=alert(3)>"))));
		add(login);
		refresh();
		signIn(adminKey());

		find(By.linkText("Keys")).click();
		find(By.id("q")).sendKeys(tag, Keys.ENTER);
		wait(browser).until(ExpectedConditions.urlContains("q=" + tag));
		find(By.id("keys"));
		assertThat(browser.findElements(By.linkText(markupName))).as("the name, as text").hasSize(1);
		assertThat(browser.findElements(By.cssSelector("#keys img"))).isEmpty();
		find(By.linkText(markupName)).click();
		assertThat(find(By.id("key-name")).getText()).isEqualTo(markupName);

		find(By.linkText("Models")).click();
		WebElement description = find(By.cssSelector("tr[data-model='con-markup-model'] .description"));
		assertThat(description.getText())
			.isEqualTo("<b id=injected>bold</b><script>alert(2)</script><img src=x onerror=alert(3)>");
		assertThat(browser.findElements(By.id("injected"))).isEmpty();
		assertThat(browser.findElements(By.cssSelector("#models img, #models script"))).isEmpty();
		assertThatExceptionOfType(NoAlertPresentException.class).isThrownBy(() -> browser.switchTo().alert());
		assertNoConsoleErrors();
	}

	@Test
	void nonAdminKeyShouldNotSignIn() {
		String key = createKey("{\"name\":\"not-admin-" + System.nanoTime() + "\"}").get("key").asString();
		browser.get(url("/console/sign-in"));
		find(By.id("key")).sendKeys(key, Keys.ENTER);
		assertThat(find(By.id("sign-in-error")).getText()).contains("not an admin key");
		browser.get(url("/console/keys"));
		wait(browser).until(ExpectedConditions.urlMatches("/console/sign-in$"));
	}

	@Test
	void signOutShouldEndTheSessionEverywhere() {
		signIn(adminKey());
		Cookie session = browser.manage().getCookieNamed("codex_lb_console");
		assertThat(session.isHttpOnly()).isTrue();
		assertThat(session.getSameSite()).isEqualTo("Strict");
		assertThat(session.getPath()).isEqualTo("/console");
		assertThat(consoleGet(session).statusCode()).as("the session, outside the browser").isEqualTo(200);

		find(By.cssSelector("form.sign-out button")).click();
		assertThat(notice("You are")).isEqualTo("You are signed out.");
		HttpResponse<byte[]> after = consoleGet(session);
		assertThat(after.statusCode()).isEqualTo(302);
		assertThat(after.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/console/sign-in"));
	}

	@Test
	void dialogsShouldHoldTheFocusAndTheKeyboardShouldDoEverything() {
		JsonNode key = createKey("{\"name\":\"dialog-" + System.nanoTime() + "\"}");
		signIn(adminKey());
		browser.get(url("/console/keys/" + key.get("id").asString()));
		WebElement delete = find(By.id("delete-key"));
		delete.sendKeys(Keys.ENTER);
		WebElement dialog = find(By.id("delete-dialog"));
		assertThat(dialog.getDomProperty("open")).isEqualTo("true");
		for (int i = 0; i < 4; i++) {
			browser.switchTo().activeElement().sendKeys(Keys.TAB);
			assertThat(inDialog()).as("the focus after %d tabs", i + 1).isTrue();
		}
		browser.switchTo().activeElement().sendKeys(Keys.ESCAPE);
		assertThat(dialog.getDomProperty("open")).isEqualTo("false");
		assertThat(browser.switchTo().activeElement().getDomAttribute("id")).isEqualTo("delete-key");

		delete.sendKeys(Keys.ENTER);
		find(By.id("confirm-delete")).sendKeys(Keys.ENTER);
		assertThat(notice("Deleted")).startsWith("Deleted key dialog-");
		assertThat(http().get("/api/api-keys/" + key.get("id").asString(), adminKey()).statusCode()).isEqualTo(404);
		assertNoConsoleErrors();
	}

	@Test
	void everyPageShouldRenderAt1440And360WithoutAnErrorInTheBrowsersConsole() throws IOException {
		JsonNode key = createKey("{\"name\":\"screenshots-" + UUID.randomUUID().toString().substring(0, 8)
				+ "\",\"allowed_models\":[\"con-shots-a\"]," + "\"rate_limit\":{\"requests_per_minute\":3}}");
		twoModelAccount("con-shots");
		// requests for the usage charts: three answered, then two refused by the key's
		// limit
		String plaintext = key.get("key").asString();
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			statuses.add(http().get("/v1/models", plaintext).statusCode());
		}
		assertThat(statuses).containsExactly(200, 200, 200, 429, 429);
		await().atMost(Duration.ofSeconds(60))
			.until(() -> body(http().get("/api/api-keys/" + key.get("id").asString() + "/usage", adminKey()))
				.get("totals")
				.get("rate_limited")
				.asLong() == 2);
		signIn(adminKey());
		Files.createDirectories(SCREENSHOTS);
		Map<String, String> pages = new LinkedHashMap<>();
		pages.put("overview", "/console/");
		pages.put("keys", "/console/keys");
		pages.put("key-new", "/console/keys/new");
		pages.put("key", "/console/keys/" + key.get("id").asString());
		pages.put("accounts", "/console/accounts");
		pages.put("models", "/console/models");
		pages.put("audit", "/console/audit");
		List<String> tooWide = new ArrayList<>();
		for (int width : new int[] { WIDE, NARROW }) {
			for (Map.Entry<String, String> page : pages.entrySet()) {
				browser.manage().window().setSize(new Dimension(width, 900));
				browser.get(url(page.getValue()));
				assertThat(browser.findElements(By.tagName("h1"))).as(page.getKey()).isNotEmpty();
				screenshot(page.getKey() + "-" + width);
				if (scrollWidth() > width) {
					tooWide.add(page.getKey() + " at " + width + " px: " + scrollWidth() + " px");
				}
			}
		}
		browser.manage().deleteAllCookies();
		for (int width : new int[] { WIDE, NARROW }) {
			browser.manage().window().setSize(new Dimension(width, 900));
			browser.get(url("/console/sign-in"));
			screenshot("sign-in-" + width);
		}
		assertThat(tooWide).as("pages wider than the window").isEmpty();
		assertNoConsoleErrors();
	}

	// two models for the account of a tag: <tag>-a and <tag>-b
	private void twoModelAccount(String tag) {
		Login login = login(tag);
		upstream.models(login.accessToken(), UpstreamStandIn.json(200,
				models(entry(tag + "-a", 1, "The first model of " + tag), entry(tag + "-b", 2, "The second"))));
		add(login);
		refresh();
	}

	private void signIn(String key) {
		browser.get(url("/console/sign-in"));
		find(By.id("key")).sendKeys(key);
		find(By.cssSelector("button[type=submit]")).click();
		wait(browser).until(ExpectedConditions.urlMatches("/console/$"));
		assertThat(find(By.tagName("h1")).getText()).isEqualTo("Overview");
	}

	// the notice of the page a form led to: the page before it may have had one
	private String notice(String start) {
		wait(browser).until((page) -> browser.findElements(By.cssSelector("p.notice"))
			.stream()
			.anyMatch((notice) -> notice.getText().startsWith(start)));
		return find(By.cssSelector("p.notice")).getText();
	}

	// an element of the page, once it is there: a click that submits a form returns
	// before the next page is loaded
	private static WebElement find(By by) {
		return wait(browser).until(ExpectedConditions.presenceOfElementLocated(by));
	}

	private HttpResponse<byte[]> consoleGet(Cookie session) {
		return http().send(http().request("/console/")
			.header("Cookie", session.getName() + "=" + session.getValue())
			.GET()
			.build());
	}

	private boolean inDialog() {
		return Boolean.TRUE.equals(((JavascriptExecutor) browser)
			.executeScript("return document.activeElement.closest('dialog[open]') !== null;"));
	}

	private long scrollWidth() {
		return (Long) ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollWidth;");
	}

	// the whole page, however long: the window stays as it is
	private void screenshot(String name) {
		Number width = (Number) ((JavascriptExecutor) browser).executeScript("return window.innerWidth;");
		Number height = (Number) ((JavascriptExecutor) browser)
			.executeScript("return document.documentElement.scrollHeight;");
		Map<String, Object> shot = browser
			.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true, "clip",
					Map.of("x", 0, "y", 0, "width", width, "height", Math.min(6000, height.intValue()), "scale", 1)));
		try {
			Files.write(SCREENSHOTS.resolve(name + ".png"), Base64.getDecoder().decode((String) shot.get("data")));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void assertNoConsoleErrors() {
		List<String> errors = browser.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.filter((entry) -> entry.getLevel().intValue() >= Level.WARNING.intValue())
			.map(LogEntry::getMessage)
			.toList();
		assertThat(errors).as("errors and warnings in the browser's console").isEmpty();
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	private static WebDriverWait wait(ChromeDriver driver) {
		return new WebDriverWait(driver, Duration.ofSeconds(30));
	}

}
