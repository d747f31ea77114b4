package dev.commtck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.commtck.mutants.Mutants;
import dev.commtck.reference.ReferenceServer;
import dev.commtck.tck.runner.ExitCodes;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The report as a person sees it: a run with passes, a WARN and a FAIL against two targets, its single-file report
 * opened from {@code file://} in headless Chromium (Debian's chromium and chromedriver, driven by Selenium), and the
 * things someone looks for: the targets and patterns in the tree, the failed requirement with its expected-vs-observed
 * sentence, an exchange's attachment. Screenshots go to {@code target/screenshots/}. Skipped where Chromium is
 * missing, unless {@code -Dcommtck.browser.required=true} (CI).
 */
class ReportInBrowserTest {

    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration UI_BOUND = Duration.ofSeconds(20);

    private static Path report;
    private static WebDriver browser;

    @BeforeAll
    static void runAndOpen() throws IOException {
        boolean present = CHROMIUM.canExecute() && CHROMEDRIVER.canExecute();
        if (Boolean.getBoolean("commtck.browser.required")) {
            assertEquals(true, present, "chromium and chromedriver are required (apt-get install chromium chromium-driver)");
        }
        assumeTrue(present, "no chromium/chromedriver here: the report is not checked in a browser");

        Path out = Path.of("target", "browser-report");
        try (ReferenceServer failing = Mutants.byId("rr-pong-newline").orElseThrow().start("127.0.0.1", 0);
             ReferenceServer warning = Mutants.byId("sp-no-cache-control").orElseThrow().start("127.0.0.1", 0)) {
            int exit = CommTck.commandLine().execute("run", "--target", failing.uri().toString(),
                    "--target", warning.uri().toString(), "--patterns", "request-response,short-polling",
                    "--out", out.toString());
            assertEquals(ExitCodes.NONCONFORMING, exit, "a run with a FAIL exits 1");
        }
        report = out.resolve("index.html").toAbsolutePath();

        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1400,1000");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).build(), options);
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void theOverviewOpensFromDisk() throws IOException {
        browser.get(report.toUri() + "#");
        waitFor(".widget__title", "CommTCK conformance report");
        screenshot("overview.png");
    }

    @Test
    void theFailedRequirementShowsExpectedAgainstObservedAndItsExchange() throws IOException {
        browser.get(report.toUri() + "#suites");
        click(".node__title", "A: http://127.0.0.1");
        waitFor(".node__title", "Short polling");
        click(".node__title", "Request-response");
        click(".node__title", "RR-PING-1 · MUST · FAIL");
        click(".node__leaf", "POST ping is answered 200 text/plain pong");
        waitFor(".status-details", "Expected the body \"pong\" (4 bytes), but it was \"pong\\n\" (5 bytes).");
        screenshot("failed-test.png");

        click(".step__title", "POST /hello");
        click(".attachment-row", "response");
        waitFor(".attachment__text", "HTTP/1.1 200");
        screenshot("failed-test-attachment.png");
    }

    @Test
    void theWarnOfTheOtherTargetIsFiledUnderItsRequirement() {
        browser.get(report.toUri() + "#suites");
        click(".node__title", "B: http://127.0.0.1");
        click(".node__title", "Short polling");
        waitFor(".node__title", "SP-CACHE-1 · SHOULD · WARN");
    }

    /**
     * Waits until an element of {@code css} shows {@code text} (in any case: the report upper-cases titles). The report
     * re-renders while it is looked at, so an element that goes stale is looked up again.
     */
    private static WebElement waitFor(String css, String text) {
        String wanted = text.toLowerCase(Locale.ROOT);
        return new WebDriverWait(browser, UI_BOUND).ignoring(StaleElementReferenceException.class)
                .withMessage(() -> "no " + css + " showing \"" + text + "\"")
                .until(d -> d.findElements(By.cssSelector(css)).stream()
                        .filter(e -> e.isDisplayed() && e.getText().toLowerCase(Locale.ROOT).contains(wanted))
                        .findFirst().orElse(null));
    }

    /** Clicks the element showing {@code text}, looking it up again if the tree re-renders under the click. */
    private static void click(String css, String text) {
        new WebDriverWait(browser, UI_BOUND).ignoring(StaleElementReferenceException.class)
                .withMessage(() -> "could not click " + css + " showing \"" + text + "\"")
                .until(d -> {
                    waitFor(css, text).click();
                    return true;
                });
    }

    private static void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
