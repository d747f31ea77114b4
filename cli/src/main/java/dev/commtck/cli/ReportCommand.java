package dev.commtck.cli;

import dev.commtck.reports.Reports;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code commtck report DIR}: rebuilds the HTML report from the results a run saved. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Makes a report's pages again from the files a run left in DIR.", "",
                "index.html, allure.html and summary.md are made from DIR's summary.json and Allure results, for "
                        + "example after copying them from CI."})
final class ReportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", description = "The output folder of a run (default: commtck-report).", defaultValue = "commtck-report")
    Path dir;

    @Override
    public Integer call() throws IOException {
        System.out.println("Report: " + Reports.rebuild(dir));
        return 0;
    }
}
