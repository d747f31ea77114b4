package dev.commtck.tck.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.commtck.spec.Catalogue;
import dev.commtck.tck.Verdict;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads a waiver file and applies it to a run. The file is a YAML list:
 *
 * <pre>
 * - id: SP-ETAG-1
 *   reason: our CDN answers 304 for any If-None-Match; fix scheduled
 *   link: https://tracker.example/PLAT-123
 *   expires: 2027-01-31
 * </pre>
 */
public final class Waivers {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Waivers() {
    }

    /** Thrown for a waiver file that cannot be used; the runner reports it and exits 2. */
    public static final class Invalid extends RuntimeException {
        public Invalid(String message) {
            super(message);
        }
    }

    public static List<Waiver> read(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // the parser's own message runs to a dozen lines; its first one, and where, is what a person needs
            String where = e.getLocation() == null ? "" : ":" + e.getLocation().getLineNr() + ":" + e.getLocation().getColumnNr();
            throw new Invalid(file + where + ": not a valid YAML waiver file: " + e.getOriginalMessage().lines().findFirst()
                    .orElse("").strip());
        } catch (IOException e) {
            throw new Invalid("cannot read the waiver file " + file + ": " + e.getMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return List.of();
        }
        if (!root.isArray()) {
            throw new Invalid(file + ": a waiver file is a YAML list of entries with id, reason, expires and an optional link");
        }
        List<Waiver> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode n : root) {
            String id = text(n, "id", file);
            if (Catalogue.bundled().find(id).isEmpty()) {
                throw new Invalid(file + ": waiver for " + id + ", which the spec does not define");
            }
            if (!seen.add(id)) {
                throw new Invalid(file + ": two waivers for " + id);
            }
            LocalDate expires;
            try {
                expires = LocalDate.parse(text(n, "expires", file));
            } catch (DateTimeParseException e) {
                throw new Invalid(file + ": waiver for " + id + " has an expiry that is not a date (YYYY-MM-DD)");
            }
            out.add(new Waiver(id, text(n, "reason", file), n.path("link").asText(""), expires));
        }
        return out;
    }

    private static String text(JsonNode n, String field, Path file) {
        String v = n.path(field).asText("").strip();
        if (v.isEmpty()) {
            throw new Invalid(file + ": every waiver needs '" + field + "' (entry " + n + ")");
        }
        return v;
    }

    /** How each waiver fares against the verdicts of a run, as of {@code today}. */
    static List<Waiver.Outcome> apply(List<Waiver> waivers, List<RequirementOutcome> requirements, LocalDate today) {
        Map<String, Verdict> verdicts = requirements.stream()
                .collect(Collectors.toMap(r -> r.requirement().id(), RequirementOutcome::verdict));
        return waivers.stream().map(w -> new Waiver.Outcome(w, statusOf(w, verdicts::get, today))).toList();
    }

    private static Waiver.Status statusOf(Waiver w, Function<String, Verdict> verdictOf, LocalDate today) {
        Verdict v = verdictOf.apply(w.id());
        if (v == null) {
            return Waiver.Status.NOT_RUN;
        }
        if (today.isAfter(w.expires())) {
            return Waiver.Status.EXPIRED;
        }
        return needsWaiver(v) ? Waiver.Status.APPLIED : Waiver.Status.STALE;
    }

    /** A verdict a waiver can excuse: a failure, a flaky check, a SHOULD not met (which fails a strict run). */
    private static boolean needsWaiver(Verdict v) {
        return v == Verdict.FAIL || v == Verdict.FLAKY || v == Verdict.WARN;
    }

    /**
     * One waiver file applied to several targets (a comparison run): a waiver is stale only if no target needs it;
     * on a target where its requirement holds while another target still needs it, it is merely not needed there.
     */
    public static List<RunResult> acrossTargets(List<RunResult> runs) {
        Set<String> neededSomewhere = runs.stream().flatMap(r -> r.waivers().stream())
                .filter(w -> w.status() == Waiver.Status.APPLIED).map(w -> w.waiver().id()).collect(Collectors.toSet());
        return runs.stream().map(r -> new RunResult(r.target(), r.requirements(), r.tests(), r.waivers().stream()
                .map(w -> w.status() == Waiver.Status.STALE && neededSomewhere.contains(w.waiver().id())
                        ? new Waiver.Outcome(w.waiver(), Waiver.Status.NOT_NEEDED_HERE) : w).toList(),
                r.request(), r.durationMs(), r.kitDelay())).toList();
    }
}
