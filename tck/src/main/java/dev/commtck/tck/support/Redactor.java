package dev.commtck.tck.support;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Keeps credentials out of everything the kit records and writes: the values of the credential headers the user gives
 * ({@code Authorization}, {@code Cookie}, {@code Proxy-Authorization} and any header marked secret) are replaced by
 * {@value #MASK} wherever they appear — in evidence, failure messages, reproduction commands, the report's files and
 * the console — including where a server echoes them back.
 */
public final class Redactor {

    public static final String MASK = "[redacted]";
    /** Headers whose values are credentials whether or not the user says so. */
    public static final Set<String> ALWAYS_SECRET = Set.of("authorization", "cookie", "proxy-authorization");
    /** Shorter values are not masked on their own: they would mask ordinary words. */
    private static final int SHORTEST_SECRET = 4;

    private static final Redactor NONE = new Redactor(List.of(), Set.of());

    private final List<String> secrets;
    private final Set<String> secretNames;

    private Redactor(List<String> secrets, Set<String> secretNames) {
        this.secrets = secrets;
        this.secretNames = secretNames;
    }

    public static Redactor none() {
        return NONE;
    }

    /** A redactor for these headers, of which the usual credential headers and {@code secretHeaders} are secret. */
    public static Redactor of(Map<String, String> headers, List<String> secretHeaders) {
        Set<String> names = new TreeSet<>(ALWAYS_SECRET);
        secretHeaders.forEach(h -> names.add(h.strip().toLowerCase(Locale.ROOT)));
        List<String> values = new ArrayList<>();
        headers.forEach((name, value) -> {
            if (names.contains(name.toLowerCase(Locale.ROOT))) {
                String v = value.strip();
                values.add(v);
                int space = v.indexOf(' '); // "Bearer <token>": the token alone is a secret too
                if (space > 0) {
                    values.add(v.substring(space + 1).strip());
                }
            }
        });
        // Longest first, so that "Bearer abc…" is masked whole before "abc…" would leave "Bearer " behind.
        return new Redactor(values.stream().filter(v -> v.length() >= SHORTEST_SECRET).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList(), Set.copyOf(names));
    }

    /** One redactor for what several targets' redactors mask: a report of several targets is one set of files. */
    public static Redactor union(List<Redactor> redactors) {
        List<String> values = redactors.stream().flatMap(r -> r.secrets.stream()).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
        Set<String> names = new TreeSet<>();
        redactors.forEach(r -> names.addAll(r.secretNames));
        return new Redactor(values, Set.copyOf(names));
    }

    /** The same secrets as their UTF-8 bytes, one char per byte: for text read as ISO-8859-1, byte for byte. */
    public Redactor asUtf8Bytes() {
        return new Redactor(secrets.stream().map(s -> new String(s.getBytes(StandardCharsets.UTF_8),
                StandardCharsets.ISO_8859_1)).toList(), secretNames);
    }

    public boolean isSecret(String headerName) {
        return secretNames.contains(headerName.toLowerCase(Locale.ROOT));
    }

    /** Whether there is anything to mask at all. */
    public boolean active() {
        return !secrets.isEmpty();
    }

    public List<String> secrets() {
        return secrets;
    }

    /** The text with every secret value masked. */
    public String redact(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String out = text;
        for (String s : secrets) {
            out = out.replace(s, MASK);
        }
        return out;
    }

    /** A header as it may be shown: its value masked when the header is secret. */
    public String shown(String name, String value) {
        return isSecret(name) ? MASK : redact(value);
    }
}
