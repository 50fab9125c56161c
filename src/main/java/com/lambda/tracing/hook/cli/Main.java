package com.lambda.tracing.hook.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code lambda-hook}: {@code check} templates with the real hook, {@code serve} the embedded Config endpoint, or
 * {@code transform} a template into what CloudFormation deploys.
 */
public final class Main {
    static final String PRIVATE_TMPDIR = "lambdahook.private.tmpdir";
    static final String USAGE = String.join("\n",
            "usage: lambda-hook <command> [options]",
            "",
            "  check TEMPLATE...   run the hook on every AWS::Lambda::Function of CloudFormation templates",
            "  serve               run the embedded AWS Config endpoint until stopped",
            "  transform TEMPLATE  print the processed template (SAM and other transforms applied) as JSON",
            "  help [COMMAND]      show help",
            "",
            "lambda-hook COMMAND --help describes the options of a command.");

    private Main() {
    }

    public static void main(String[] args) {
        PrintStream stdout = System.out;
        System.setErr(new PrintStream(new QuietStderr(new java.io.FileOutputStream(java.io.FileDescriptor.err)), true,
                java.nio.charset.StandardCharsets.UTF_8));
        // The report owns stdout: anything else that prints (libraries, the wrapper) goes to stderr.
        System.setOut(System.err);
        int code = run(args, stdout, System.err);
        stdout.flush();
        System.err.flush();
        System.exit(code);
    }

    /** Runs one command; never throws. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            List<String> argv = Arrays.asList(args);
            if (argv.isEmpty() || argv.get(0).equals("help") || argv.get(0).equals("--help") || argv.get(0).equals("-h")) {
                if (argv.size() > 1 && argv.get(1).equals("check")) {
                    out.println(CheckCommand.USAGE);
                } else if (argv.size() > 1 && argv.get(1).equals("serve")) {
                    out.println(ServeCommand.USAGE);
                } else if (argv.size() > 1 && argv.get(1).equals("transform")) {
                    out.println(TransformCommand.USAGE);
                } else {
                    (argv.isEmpty() ? err : out).println(USAGE);
                }
                return argv.isEmpty() ? 2 : 0;
            }
            List<String> rest = argv.subList(1, argv.size());
            switch (argv.get(0)) {
                case "check":
                    privateTmpdir();
                    return CheckCommand.run(rest, out, err, WrapperInvoker::new);
                case "serve":
                    return ServeCommand.run(rest, out, err);
                case "transform":
                    return TransformCommand.run(rest, out, err);
                default:
                    throw new UsageException("unknown command '" + argv.get(0) + "' (expected check, serve or transform)");
            }
        } catch (UsageException e) {
            err.println("lambda-hook: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            err.println("lambda-hook: internal error: " + e);
            return 2;
        }
    }

    /**
     * The plugin's wrapper empties java.io.tmpdir on every invocation. The launcher passes a private one and says so
     * with -Dlambdahook.private.tmpdir=true; otherwise a private scratch directory is made here, before any wrapper
     * runs, and removed when the JVM exits.
     */
    static synchronized void privateTmpdir() {
        if ("true".equals(System.getProperty(PRIVATE_TMPDIR))) {
            return;
        }
        Path dir;
        try {
            String xdg = System.getenv("XDG_CACHE_HOME");
            Path cache = xdg != null && !xdg.isBlank() ? Paths.get(xdg) : Paths.get(System.getProperty("user.home"), ".cache");
            Path base = cache.resolve("lambda-hook").resolve("scratch");
            try {
                Files.createDirectories(base);
            } catch (IOException e) {
                base = Paths.get("target", "lambda-hook-scratch").toAbsolutePath();
                Files.createDirectories(base);
            }
            dir = Files.createTempDirectory(base, "run-" + ProcessHandle.current().pid() + "-");
            try {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
        } catch (IOException e) {
            throw new UsageException("cannot create a private scratch directory for the hook (" + e.getMessage() + ")");
        }
        System.setProperty("java.io.tmpdir", dir.toString());
        System.setProperty(PRIVATE_TMPDIR, "true");
        Path created = dir;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(created), "lambda-hook-scratch-cleanup"));
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
