package com.lambda.tracing.hook.cli;

import com.lambda.tracing.hook.rules.RuleCatalog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Which rule pack a command uses: --rules DIR, else the pack inside the jar, else rules/ next to the launcher. */
final class RulePacks {
    private RulePacks() {
    }

    static RuleCatalog load(String dir) {
        try {
            if (dir != null) {
                Path p = Paths.get(dir);
                if (!Files.isDirectory(p)) {
                    throw new UsageException("--rules: " + dir + " is not a directory");
                }
                RuleCatalog c = RuleCatalog.load(p);
                if (c.all().isEmpty()) {
                    throw new UsageException("--rules: " + dir + " holds no *.guard rule");
                }
                return c;
            }
            RuleCatalog bundled = RuleCatalog.bundled();
            if (!bundled.all().isEmpty()) {
                return bundled;
            }
            String home = System.getProperty("lambdahook.home");
            Path rules = Paths.get(home != null ? home : ".", "rules");
            if (Files.isDirectory(rules)) {
                return RuleCatalog.load(rules);
            }
            throw new UsageException("no rule pack: the jar carries none and " + rules + " does not exist (use --rules DIR)");
        } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
            throw new UsageException("rule pack: " + e.getMessage());
        }
    }
}
