package dev.commtck.tck.support;

import dev.commtck.spec.Pattern;

/**
 * A resource a pattern's contract names, with the seed's path as default; configured as
 * {@code commtck.paths.<pattern>.<name>} (or {@code paths.<pattern>.<name>} in the runner's config file).
 */
public record PathKey(Pattern pattern, String name, String defaultPath) {

    public String parameter() {
        return "paths." + pattern.id() + "." + name;
    }
}
