package com.lambda.tracing.hook.cli;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lambda.tracing.hook.transform.TemplateTransforms;
import com.lambda.tracing.hook.transform.TransformException;
import com.lambda.tracing.hook.transform.TransformOptions;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code lambda-hook transform}: the processed template, as CloudFormation would process it before creating any
 * resource (the transforms it declares; SAM also when it has {@code AWS::Serverless::*} resources and no
 * {@code Transform} line, as the SAM translator does), printed as JSON.
 */
final class TransformCommand {
    static final String USAGE = String.join("\n",
            "usage: lambda-hook transform [options] TEMPLATE",
            "",
            "Prints the processed template as JSON: what CloudFormation deploys after the template's transforms",
            "(AWS::Serverless-2016-10-31: functions, their roles, versions, aliases and layers). A template with",
            "AWS::Serverless::* resources gets the SAM transform even without a Transform line, as the SAM",
            "translator does. Exit code: 0 printed, 2 bad usage, unreadable input or a template the transform rejects.",
            "",
            "  --parameter-overrides K=V ...     template parameter values",
            "  --region R                        Region (default: AWS_REGION, else us-east-1)",
            "  --output FILE                     write the JSON to FILE instead of stdout");

    private static final ObjectMapper JSON = new ObjectMapper();

    private TransformCommand() {
    }

    static int run(List<String> argv, PrintStream out, PrintStream err) {
        Args a = Args.parse(argv, Set.of("--output", "--region"), Set.of("--help", "-h"), Set.of("--parameter-overrides"));
        if (a.flag("--help") || a.flag("-h")) {
            out.println(USAGE);
            return 0;
        }
        if (a.positional.size() != 1) {
            throw new UsageException("transform needs exactly one template (see lambda-hook transform --help)");
        }
        String region = CheckOptions.region(a.value("--region"));
        Map<String, String> overrides = CheckOptions.overrides(a.values("--parameter-overrides"));
        Path output = a.value("--output") == null ? null : Paths.get(a.value("--output"));
        if (output != null && output.getParent() != null && !Files.isDirectory(output.getParent())) {
            throw new UsageException("--output: directory " + output.getParent() + " does not exist");
        }
        Path file = Paths.get(a.positional.get(0));
        Template template = TemplateLoader.load(file, false);
        template.warnings().forEach(w -> err.println("lambda-hook: warning: " + w));
        Object params = template.document().get("Parameters");
        for (String key : overrides.keySet()) {
            if (!(params instanceof Map) || !((Map<?, ?>) params).containsKey(key)) {
                throw new UsageException("--parameter-overrides names " + key + ", which " + file
                        + " does not declare as a parameter");
            }
        }
        TemplateTransforms.Processed processed;
        try {
            processed = TemplateTransforms.run(TemplateNodes.toNode(template.document()),
                    new TransformOptions(region, overrides, true));
        } catch (TransformException e) {
            throw new UsageException(file + ": " + e.getMessage());
        }
        for (String note : processed.notes()) {
            err.println("lambda-hook: note: " + note);
        }
        String text = render(processed.template());
        if (output != null) {
            try {
                Files.writeString(output, text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UsageException("--output: cannot write " + output + " (" + e.getMessage() + ")");
            }
        } else {
            out.print(text);
            out.flush();
        }
        return 0;
    }

    static String render(ObjectNode template) {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
        try {
            return JSON.writer(printer).writeValueAsString(template) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
