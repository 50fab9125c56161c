package com.lambda.tracing.hook.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The plugin wrapper empties java.io.tmpdir on every invocation. {@code check} started without the launcher must
 * move the hook to a private scratch directory first, so the user's temp directory survives.
 */
class PrivateTmpdirTest {
    @TempDir
    Path dir;

    @Test
    void checkWithoutTheLauncherLeavesTheUsersTempDirectoryAlone() throws Exception {
        Path userTmp = Files.createDirectories(dir.resolve("user-tmp"));
        Path canary = Files.writeString(userTmp.resolve("important.txt"), "do not delete");
        Path cache = Files.createDirectories(dir.resolve("xdg-cache"));
        Path root = Paths.get(System.getProperty("project.basedir")).toAbsolutePath();
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Djava.io.tmpdir=" + userTmp, "-Dcfnguard.path=" + System.getProperty("cfnguard.path"),
                "com.lambda.tracing.hook.cli.Main", "check", "--quiet", "--rules", root.resolve("rules").toString(),
                root.resolve("examples/failing-function.yaml").toString());
        pb.environment().put("XDG_CACHE_HOME", cache.toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(dir.resolve("out.txt").toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        String out = Files.readString(dir.resolve("out.txt"));
        assertEquals(1, p.exitValue(), out);
        assertTrue(out.contains("BLOCKED  MyLambdaFunction"), out);
        assertTrue(Files.exists(canary), "the user's temp directory was emptied");
        try (var s = Files.list(cache.resolve("lambda-hook").resolve("scratch"))) {
            assertEquals(0, s.count(), "the private scratch directory is removed at exit");
        }
    }
}
