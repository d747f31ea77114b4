package dev.commtck.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the settings a document lists in the tables of its Contract section (a pattern document), or of its
 * "Settings shared by every pattern" section (the spec's README). A table's first column names the setting in
 * backticks; its header says what the table lists ({@code path key}, {@code setting}, {@code tolerance},
 * {@code name}, or {@code capability}, whose rows give only the capability's name); a {@code default} (or, for
 * capabilities, {@code without a declaration}) column gives the default, and the last column the meaning. Rows whose
 * first cell is not a setting key (a member of a JSON body, a path template) are prose for people.
 */
final class SettingsParser {

    private static final java.util.regex.Pattern KEY = java.util.regex.Pattern.compile(
            "(paths|tolerance|capability)(\\.[a-z0-9-]+){1,2}|[a-z-]+\\.[a-z0-9-]+");

    private SettingsParser() {
    }

    /** The settings of a pattern's Contract section. */
    static List<Setting> ofPattern(Pattern pattern, String text) {
        return parse(Optional.of(pattern), section(text, "## Contract"));
    }

    /** The shared settings of the spec's README. */
    static List<Setting> shared(String readme) {
        return parse(Optional.empty(), section(readme, "## Settings shared by every pattern"));
    }

    private static List<String> section(String text, String heading) {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String line : text.split("\\R")) {
            if (line.startsWith("## ")) {
                in = line.strip().equals(heading);
            } else if (in) {
                out.add(line);
            }
        }
        return out;
    }

    private static List<Setting> parse(Optional<Pattern> pattern, List<String> lines) {
        List<Setting> out = new ArrayList<>();
        List<String> header = null;
        for (String line : lines) {
            if (!line.startsWith("|")) {
                header = null;
                continue;
            }
            List<String> cells = cells(line);
            if (header == null) {
                header = cells.stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
            } else if (!cells.isEmpty() && !cells.get(0).startsWith("---")) {
                setting(pattern, header, cells).ifPresent(out::add);
            }
        }
        return out;
    }

    private static Optional<Setting> setting(Optional<Pattern> pattern, List<String> header, List<String> cells) {
        String first = cells.get(0);
        if (!first.startsWith("`") || !first.endsWith("`") || first.length() < 3) {
            return Optional.empty();
        }
        String name = first.substring(1, first.length() - 1);
        String key = header.get(0).equals("capability") && pattern.isPresent()
                ? "capability." + pattern.get().id() + "." + name : name;
        if (!KEY.matcher(key).matches()) {
            return Optional.empty();
        }
        int defaultColumn = header.indexOf("default") >= 0 ? header.indexOf("default") : header.indexOf("without a declaration");
        String defaultValue = defaultColumn >= 0 && defaultColumn < cells.size() ? plain(cells.get(defaultColumn)) : "";
        String meaning = plain(cells.get(cells.size() - 1));
        int method = header.indexOf("method");
        if (method >= 0 && method < cells.size()) {
            meaning = plain(cells.get(method)) + " → " + meaning;
        }
        return Optional.of(new Setting(key, pattern, defaultValue, meaning, Setting.kindOf(key, defaultValue)));
    }

    private static List<String> cells(String row) {
        String inner = row.strip();
        inner = inner.substring(1, inner.endsWith("|") && inner.length() > 1 ? inner.length() - 1 : inner.length());
        List<String> out = new ArrayList<>();
        for (String c : inner.split("(?<!\\\\)\\|", -1)) {
            out.add(c.strip().replace("\\|", "|"));
        }
        return out;
    }

    /** A cell as plain text: backticks and bold markers removed. */
    private static String plain(String cell) {
        return cell.replace("`", "").replace("**", "").strip();
    }
}
