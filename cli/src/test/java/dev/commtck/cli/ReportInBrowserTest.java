package dev.commtck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.commtck.mutants.Mutants;
import dev.commtck.reference.ReferenceServer;
import dev.commtck.reports.Reports;
import dev.commtck.tck.runner.ExitCodes;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
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
 * The report as a person sees it, for three runs: the reference server (conforming), a server that fails a MUST (not
 * conforming), and that server, one that misses a SHOULD and the reference side by side (several targets). Each report
 * is opened from {@code file://} in headless Chromium (Debian's chromium and chromedriver, driven by Selenium) and
 * checked for what someone looks for: the verdict of each target on the first screen, the failed MUST with its reason,
 * a colour per verdict, the way to the failing exchange in the Allure report, and every Allure view opening. Screenshots
 * go to {@code target/screenshots/}, for a person to look at. Skipped where Chromium is missing, unless
 * {@code -Dcommtck.browser.required=true} (CI).
 */
class ReportInBrowserTest {

    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration UI_BOUND = Duration.ofSeconds(20);
    private static final String PING_REASON = "Expected the body \"pong\" (4 bytes), but it was \"pong\\n\" (5 bytes).";

    private static Path conforming;
    private static Path notConforming;
    private static Path severalTargets;
    private static WebDriver browser;

    @BeforeAll
    static void runAndOpen() {
        boolean present = CHROMIUM.canExecute() && CHROMEDRIVER.canExecute();
        if (Boolean.getBoolean("commtck.browser.required")) {
            assertEquals(true, present, "chromium and chromedriver are required (apt-get install chromium chromium-driver)");
        }
        assumeTrue(present, "no chromium/chromedriver here: the report is not checked in a browser");

        try (ReferenceServer failing = Mutants.byId("rr-pong-newline").orElseThrow().start("127.0.0.1", 0);
             ReferenceServer warning = Mutants.byId("sp-no-cache-control").orElseThrow().start("127.0.0.1", 0)) {
            conforming = run("conforming", ExitCodes.CONFORMING);
            notConforming = run("not-conforming", ExitCodes.NONCONFORMING, "--target", failing.uri().toString());
            severalTargets = run("several-targets", ExitCodes.NONCONFORMING, "--target", "newline=" + failing.uri(),
                    "--target", "no-cache=" + warning.uri(), "--target", "ref=reference");
        }

        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1400,1000");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).build(), options);
    }

    /** A run of request-response and short polling (the embedded reference server unless a target is given). */
    private static Path run(String name, int expectedExit, String... targets) {
        Path out = Path.of("target", "browser-reports", name);
        List<String> args = new java.util.ArrayList<>(List.of("run", "--patterns", "request-response,short-polling",
                "--out", out.toString()));
        args.addAll(List.of(targets));
        Cli cli = Cli.run(args);
        assertEquals(expectedExit, cli.exit(), cli::toString);
        return out.toAbsolutePath();
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void eachReportOpensWithTheVerdictOfEachTargetOnItsFirstScreen() throws IOException {
        open(conforming.resolve(Reports.INDEX));
        assertEquals(List.of("CONFORMING"), headlines());
        screenshot("conforming.png");

        open(notConforming.resolve(Reports.INDEX));
        assertEquals(List.of("NOT CONFORMING"), headlines());
        screenshot("not-conforming.png");

        open(severalTargets.resolve(Reports.INDEX));
        assertEquals(List.of("NOT CONFORMING", "CONFORMING", "CONFORMING"), headlines());
        screenshot("several-targets.png");
    }

    @Test
    void theFailedMustIsNamedWithItsReasonAndLeadsToItsExchange() throws IOException {
        open(notConforming.resolve(Reports.INDEX));
        WebElement card = waitFor(".target", "Failed MUSTs");
        assertTrue(onFirstScreen(card), "the failed MUST is seen without scrolling");
        assertTrue(card.getText().contains("1 FAIL") && card.getText().contains("17 PASS"), card.getText());
        WebElement failed = waitFor(".target li", "RR-PING-1");
        assertTrue(failed.getText().contains(PING_REASON), failed.getText());

        failed.findElement(By.cssSelector(".test a")).click();
        waitFor(".status-details", PING_REASON);
        screenshot("failed-test.png");
        click(".step__title", "POST /hello");
        click(".attachment-row", "response");
        WebElement response = waitFor(".attachment__text", "HTTP/1.1 200");
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'});", response);
        screenshot("failed-test-attachment.png");
    }

    @Test
    void everyVerdictHasAColourAndANameOfItsOwn() {
        open(severalTargets.resolve(Reports.INDEX));
        List<WebElement> legend = browser.findElements(By.cssSelector(".legend .v"));
        assertEquals(List.of("PASS", "FAIL", "WARN", "N/A", "NOT FOUND", "ERROR", "FLAKY", "UNTESTED"),
                legend.stream().map(WebElement::getText).toList());
        Set<String> colours = new HashSet<>();
        legend.forEach(v -> colours.add(v.getCssValue("background-color") + " " + v.getCssValue("color")));
        assertEquals(legend.size(), colours.size(), "one colour each: " + colours);
    }

    @Test
    void aRequirementLinksToItsSpecCopiedBesideTheReportAndToItsTests() {
        open(notConforming.resolve(Reports.INDEX));
        WebElement row = waitFor("tbody tr", "RR-PING-1");
        Path spec = Path.of(URI.create(row.findElement(By.cssSelector("td.id a")).getDomProperty("href")).getPath());
        assertTrue(Files.isRegularFile(spec) && spec.startsWith(notConforming.resolve("spec")), spec.toString());

        row.findElement(By.cssSelector("td.v a")).click();
        waitFor(".node__leaf", "POST ping is answered 200 text/plain pong");
        waitFor(".status-details", PING_REASON);
    }

    @Test
    void everyViewOfTheAllureReportOpensAndNoPanelIsEmpty() throws IOException {
        Path allure = severalTargets.resolve(Reports.ALLURE);
        for (String view : List.of("", "categories", "suites", "graph", "timeline")) {
            open(allure, view);
            waitFor(".side-nav__link_active", "");
            new WebDriverWait(browser, UI_BOUND).withMessage(() -> "#" + view + " is still loading")
                    .until(d -> !visibleText().contains("Loading"));
            String text = visibleText();
            assertFalse(text.contains("Not found") || text.contains("There is nothing to show"), "#" + view + ":\n" + text);
            if (view.isEmpty()) {
                assertTrue(text.contains("NEWLINE NOT CONFORMING"), "the overview says the verdict: " + text);
                screenshot("allure-overview.png");
            }
        }
        // views of Allure's command-line plugins, which this report files by requirement in its suites tree
        for (String view : List.of("behaviors", "packages")) {
            open(allure, view);
            waitFor(".node__title", "newline: http://127.0.0.1");
            assertTrue(browser.getCurrentUrl().endsWith("#suites"), browser.getCurrentUrl());
        }
        click("#commtck-verdict", "NOT CONFORMING");
        waitFor(".target .headline", "NOT CONFORMING");
    }

    @Test
    void theWarnOfTheOtherTargetIsFiledUnderItsRequirement() {
        open(severalTargets.resolve(Reports.ALLURE), "suites");
        click(".node__title", "no-cache: http://127.0.0.1");
        click(".node__title", "Short polling");
        waitFor(".node__title", "SP-CACHE-1 · SHOULD · WARN");
    }

    @Test
    void summaryMdLeadsWithTheVerdictAndCarriesEveryReason() throws IOException {
        List<String> md = Files.readAllLines(severalTargets.resolve("summary.md"));
        assertEquals("# CommTCK: NOT CONFORMING", md.get(0));
        assertTrue(md.stream().anyMatch(l -> l.startsWith("  - **FAIL** [RR-PING-1]") && l.endsWith(PING_REASON)),
                "the failed MUST under its target's verdict:\n" + String.join("\n", md));
        assertTrue(md.stream().anyMatch(l -> l.startsWith("- **N/A** [SP-ETAG-1]") && l.endsWith("the poll response carries no ETag")),
                "the N/A reasons:\n" + String.join("\n", md));
        assertTrue(md.stream().anyMatch(l -> l.startsWith("- **WARN** [SP-CACHE-1]")), String.join("\n", md));
    }

    private static void open(Path file) {
        open(file, null);
    }

    private static void open(Path file, String view) {
        browser.get(file.toUri() + (view == null ? "" : "#" + view));
    }

    /** The verdict of each target, each checked to be in sight when the page opens. */
    private static List<String> headlines() {
        waitFor(".target .headline", "CONFORMING");
        List<WebElement> shown = browser.findElements(By.cssSelector(".target .headline"));
        shown.forEach(h -> assertTrue(onFirstScreen(h), h.getText() + " is seen without scrolling"));
        return shown.stream().map(WebElement::getText).toList();
    }

    private static boolean onFirstScreen(WebElement e) {
        return e.isDisplayed() && (Boolean) ((JavascriptExecutor) browser)
                .executeScript("return arguments[0].getBoundingClientRect().bottom <= window.innerHeight;", e);
    }

    private static String visibleText() {
        return browser.findElement(By.tagName("body")).getText();
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
