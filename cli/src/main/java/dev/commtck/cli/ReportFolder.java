package dev.commtck.cli;

import dev.commtck.reports.Reports;
import dev.commtck.tck.support.Redactor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where a run writes its report: a new folder beside {@code --out}, which replaces what an earlier run left in
 * {@code --out} only when the run is complete, so that a run that ends early (bad settings, an unreachable target, an
 * interrupt) never costs the last report. Before the swap, the user's credentials are masked in every file.
 */
final class ReportFolder {

    /** What a run writes into {@code --out}; nothing else there is touched. */
    static final List<String> ENTRIES = List.of("allure-results", "junit-xml", "targets", "spec", Reports.INDEX,
            Reports.ALLURE, "summary.json", "summary.md");

    /** {@code --out} cannot be written: the runner says so in one line and exits 2. */
    static final class Unwritable extends RuntimeException {
        Unwritable(String message) {
            super(message);
        }
    }

    private final Path out;
    private final Path staging;

    private ReportFolder(Path out, Path staging) {
        this.out = out;
        this.staging = staging;
    }

    /** A new, empty folder beside {@code out} (same file system, so that the swap is a rename). */
    static ReportFolder stage(Path out) {
        Path target = out.toAbsolutePath().normalize();
        try {
            if (Files.exists(target) && !Files.isDirectory(target)) {
                throw new Unwritable("--out " + out + " is a file, not a folder");
            }
            Files.createDirectories(target.getParent());
            return new ReportFolder(target, Files.createTempDirectory(target.getParent(), "." + target.getFileName() + "-"));
        } catch (FileAlreadyExistsException e) {
            throw new Unwritable("cannot write the report to " + out + ": " + e.getFile() + " is not a folder");
        } catch (AccessDeniedException e) {
            throw new Unwritable("cannot write the report to " + out + ": permission denied for " + e.getFile());
        } catch (FileSystemException e) {
            // the file it names may be the staging folder, which means nothing to the user: say why, and where
            throw new Unwritable("cannot write the report to " + out + ": no folder can be made in " + target.getParent()
                    + (e.getReason() != null ? " (" + e.getReason() + ")" : ""));
        } catch (IOException | SecurityException e) {
            throw new Unwritable("cannot write the report to " + out + ": " + e.getMessage());
        }
    }

    Path staging() {
        return staging;
    }

    /** Where one target's results go: the folder itself, or with several targets {@code targets/<name>}. */
    Path targetDir(String name, boolean several) throws IOException {
        return Files.createDirectories(several ? staging.resolve("targets").resolve(name) : staging);
    }

    /**
     * Masks credentials in every file written so far. Run before the HTML report is made from the results (it embeds
     * them encoded, where no later pass could find them) and again before the swap.
     */
    void mask(Redactor redactor) throws IOException {
        if (!redactor.active()) {
            return;
        }
        // byte for byte: ISO-8859-1 maps every byte to one char, and the secrets are matched as their UTF-8 bytes
        Redactor bytes = redactor.asUtf8Bytes();
        try (Stream<Path> files = Files.walk(staging)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(f, StandardCharsets.ISO_8859_1);
                String masked = bytes.redact(text);
                if (!masked.equals(text)) {
                    Files.writeString(f, masked, StandardCharsets.ISO_8859_1);
                }
            }
        }
    }

    /** Masks credentials, then puts the new report in {@code --out} in place of the old. */
    void complete(Redactor redactor) throws IOException {
        mask(redactor);
        Files.createDirectories(out);
        for (String name : ENTRIES) {
            delete(out.resolve(name));
            Path made = staging.resolve(name);
            if (Files.exists(made)) {
                Files.move(made, out.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }

    /** Removes the staging folder, whatever happened to the run. */
    void discard() throws IOException {
        delete(staging);
    }

    private static void delete(Path p) throws IOException {
        if (Files.exists(p)) {
            try (Stream<Path> files = Files.walk(p)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
    }
}
