package com.lambda.tracing.hook.cli;

import java.util.List;

/** Renders a {@link Report} in one output format; {@link #forFormat} picks the writer {@code --format} names. */
interface ReportWriter {
    String TOOL = "lambda-hook";
    String TOOL_URI = "https://github.com/lambda-tracing-hook/lambda-tracing-hook";
    List<String> FORMATS = List.of("text", "json", "sarif", "junit");

    String render(Report report);

    static ReportWriter forFormat(String format, boolean colour) {
        switch (format) {
            case "text":
                return new TextReportWriter(colour);
            case "json":
                return new JsonReportWriter();
            case "sarif":
                return new SarifReportWriter();
            case "junit":
                return new JunitReportWriter();
            default:
                throw new UsageException("--format must be text, json, sarif or junit (not '" + format + "')");
        }
    }

    static String render(Report report, String format, boolean colour) {
        return forFormat(format, colour).render(report);
    }
}
