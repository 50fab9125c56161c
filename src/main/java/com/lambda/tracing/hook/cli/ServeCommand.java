package com.lambda.tracing.hook.cli;

import com.lambda.tracing.hook.local.ConfigEndpoint;
import com.lambda.tracing.hook.local.Faults;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/** {@code lambda-hook serve}: the embedded Config endpoint, standalone, until stopped. */
final class ServeCommand {
    static final String USAGE = String.join("\n",
            "usage: lambda-hook serve [--port N] [--rules DIR] [--region R] [fault options]",
            "",
            "Runs the embedded AWS Config endpoint on 127.0.0.1 and prints its URL on the first line.",
            "Use it with any AWS SDK or the AWS CLI: aws configservice ... --endpoint-url URL (dummy credentials).",
            "",
            "  --port N                 port to listen on (default: a free port)",
            "  --rules DIR              Guard rule pack to load (default: the pack in the jar, else rules/)",
            "  --region R               Region used in rule ARNs (default us-east-1)",
            "  --no-schema-check        accept Lambda properties that break the CloudFormation schema types",
            "  --page-size N            results per GetComplianceDetailsByResource page (default 25)",
            "fault options (all off by default; TRIGGER = always | every:N | first:N | after:N | burst:A:C | rate:P[:SEED] | above:N):",
            "  --fault KIND[@Op,Op][=TRIGGER]   KIND: throttle error500 error503 reset close malformed",
            "                                   never-finish fail unknown-enums no-results forget (repeatable)",
            "  --latency DURATION[@Op,Op]       added latency per answer, e.g. 300ms or 2s",
            "  --evaluation-delay DURATION      time from an evaluation's start to its recorded results");

    private ServeCommand() {
    }

    static int run(List<String> argv, PrintStream out, PrintStream err) throws InterruptedException {
        Args a = Args.parse(argv, Set.of("--port", "--rules", "--region", "--fault", "--latency", "--evaluation-delay",
                "--page-size"), Set.of("--no-schema-check", "--help", "-h"), Set.of());
        if (a.flag("--help") || a.flag("-h")) {
            out.println(USAGE);
            return 0;
        }
        if (!a.positional.isEmpty()) {
            throw new UsageException("serve takes no arguments (got '" + a.positional.get(0) + "')");
        }
        Faults faults = new Faults();
        try {
            for (String spec : a.values("--fault")) {
                faults.apply(spec);
            }
            for (String spec : a.values("--latency")) {
                int at = spec.indexOf('@');
                String[] ops = at < 0 ? new String[0] : spec.substring(at + 1).split(",");
                faults.latency(Faults.parseDuration(at < 0 ? spec : spec.substring(0, at)), ops);
            }
            if (a.value("--evaluation-delay") != null) {
                faults.evaluationDelay(Faults.parseDuration(a.value("--evaluation-delay")));
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        ConfigEndpoint endpoint = ConfigEndpoint.builder()
                .port(a.intValue("--port", 0, 0, 65535))
                .rules(RulePacks.load(a.value("--rules")))
                .region(a.value("--region") != null ? a.value("--region") : "us-east-1")
                .schemaCheck(!a.flag("--no-schema-check"))
                .compliancePageSize(a.intValue("--page-size", 25, 1, 100))
                .faults(faults)
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            endpoint.close();
            stopped.countDown();
        }, "lambda-hook-serve-stop"));
        out.println(endpoint.uri());
        out.flush();
        err.println("AWS Config endpoint on " + endpoint.uri() + " (StarlingDoveService, AWS JSON 1.1); Ctrl-C stops it.");
        stopped.await();
        return 0;
    }
}
