package com.lambda.tracing.hook.local;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The AWS CLIs on PATH, one per version ({@code aws-cli/1.x} prints timestamps as epoch numbers, {@code aws-cli/2.x}
 * as ISO 8601 dates). Only PATH is searched, so a run with PATH stripped of {@code aws} has none.
 */
record AwsCli(Path executable, String version) {

    int major() {
        return version.startsWith("aws-cli/1.") ? 1 : version.startsWith("aws-cli/2.") ? 2 : 0;
    }

    static List<AwsCli> onPath() {
        List<AwsCli> found = new ArrayList<>();
        Set<String> versions = new LinkedHashSet<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Path.of(dir, "aws");
            if (!Files.isRegularFile(candidate) || !Files.isExecutable(candidate)) {
                continue;
            }
            String version = version(candidate);
            if (version != null && versions.add(version)) {
                found.add(new AwsCli(candidate, version));
            }
        }
        return found;
    }

    /** The first word of {@code aws --version} (e.g. {@code aws-cli/1.45.11}), or null when it does not run. */
    private static String version(Path aws) {
        try {
            Process p = new ProcessBuilder(aws.toString(), "--version").redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || !out.startsWith("aws-cli/")) {
                p.destroyForcibly();
                return null;
            }
            return out.split("\\s+")[0];
        } catch (java.io.IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static String describe(List<AwsCli> clis) {
        return clis.stream().map(c -> c.version() + " (" + c.executable() + ")").reduce((a, b) -> a + ", " + b).orElse("none");
    }
}
