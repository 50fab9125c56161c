package com.lambda.tracing.hook.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code lambda-hook check}: every AWS::Lambda::Function of each template through the real hook, in three steps:
 * {@link CheckPlan} reads the templates, {@link CheckExecution} runs the hook on each function, and the
 * {@link ReportWriter} of {@code --format} writes the report.
 */
final class CheckCommand {
    static final String USAGE = String.join("\n",
            "usage: lambda-hook check [options] TEMPLATE|DIR...",
            "",
            "Runs the hook on every AWS::Lambda::Function of each CloudFormation template (YAML or JSON), as",
            "CloudFormation calls it at preCreate, against the embedded AWS Config endpoint (or a real one).",
            "Exit code: 0 every function compliant, 1 at least one blocked, 2 bad usage or unreadable input.",
            "",
            "  --format text|json|sarif|junit    report format (default text)",
            "  --output FILE                     write the report to FILE instead of stdout",
            "  --endpoint URL                    use this AWS Config endpoint instead of the embedded one, with your",
            "                                    AWS credentials (long-term keys: exchanged through STS for an AWS",
            "                                    endpoint, sent with a placeholder session token to any other)",
            "  --region R                        Region (default: AWS_REGION, else us-east-1)",
            "  --parameter-overrides K=V ...     template parameter values",
            "  --rules DIR                       rule pack for the embedded endpoint (default: the pack in the jar)",
            "  --type-configuration JSON|FILE    the hook's type configuration (hookModel), e.g.",
            "                                    '{\"OnIndeterminate\":\"FAIL\",\"MaxWaitPerInvocationSeconds\":5}'",
            "                                    (its Exemptions apply as in AWS)",
            "  --stack-name NAME                 the stack name the functions are checked as, e.g. for Exemptions",
            "                                    (default: the template file's base name)",
            "  --jobs N                          functions evaluated at once (default 16)",
            "  --quiet                           no progress on stderr",
            "  --verbose                         the hook's own log lines on stderr",
            "  --no-color                        no colour in text output (also NO_COLOR=1)");

    private CheckCommand() {
    }

    static int run(List<String> argv, PrintStream out, PrintStream err, Supplier<HookRunner.Invoker> invokers) {
        CheckOptions options = CheckOptions.parse(argv);
        if (options.help()) {
            out.println(USAGE);
            return 0;
        }
        if (!options.verbose() && System.getProperty("lambdahook.log.level") == null) {
            System.setProperty("lambdahook.log.level", "WARN");
        }
        long t0 = System.nanoTime();
        CheckExecution.Early early = CheckExecution.startEarly(options, invokers);
        CheckPlan plan;
        try {
            plan = CheckPlan.of(options, err);
        } catch (RuntimeException | Error e) {
            early.discardEndpoint();
            throw e;
        }
        Report report = new Report();
        report.templates.addAll(plan.templates());
        CheckExecution.execute(options, plan, early, report, err);
        report.millis = (System.nanoTime() - t0) / 1_000_000;
        report(report, options, out, err);
        return report.exitCode();
    }

    /** Writes the report to {@code --output} (with a summary line on stderr) or to stdout. */
    private static void report(Report report, CheckOptions options, PrintStream out, PrintStream err) {
        String rendered = ReportWriter.render(report, options.format(), options.colour());
        if (options.output() != null) {
            try {
                Files.writeString(options.output(), rendered, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UsageException("--output: cannot write " + options.output() + " (" + e.getMessage() + ")");
            }
            if (!options.quiet()) {
                err.println(summaryLine(report) + " Report: " + options.output());
            }
        } else {
            out.print(rendered);
            out.flush();
        }
    }

    static String summaryLine(Report report) {
        return report.functions() + " functions: " + report.count(Report.Verdict.COMPLIANT) + " compliant, "
                + (report.count(Report.Verdict.NON_COMPLIANT) + report.count(Report.Verdict.INDETERMINATE)) + " blocked, "
                + report.count(Report.Verdict.NOT_EVALUATED) + " not evaluated.";
    }
}
