package com.lambda.tracing.hook.cli;

import com.lambda.tracing.hook.evaluation.RuleExemption;

/** The human-readable report: one line per function, the failing rules with their fixes, a summary line. */
final class TextReportWriter implements ReportWriter {
    private final boolean colour;

    TextReportWriter(boolean colour) {
        this.colour = colour;
    }

    @Override
    public String render(Report report) {
        String red = colour ? "\u001b[31m" : "";
        String green = colour ? "\u001b[32m" : "";
        String yellow = colour ? "\u001b[33m" : "";
        String dim = colour ? "\u001b[2m" : "";
        String bold = colour ? "\u001b[1m" : "";
        String reset = colour ? "\u001b[0m" : "";
        StringBuilder sb = new StringBuilder();
        for (Report.TemplateResult t : report.templates) {
            sb.append(bold).append(t.path()).append(reset).append('\n');
            if (t.error() != null) {
                sb.append("  ").append(red).append("ERROR").append(reset).append("  ").append(t.error()).append('\n');
                continue;
            }
            if (t.functions().isEmpty()) {
                sb.append("  ").append(dim).append("no AWS::Lambda::Function in this template").append(reset).append('\n');
            }
            for (Report.FunctionResult f : t.functions()) {
                String label;
                switch (f.verdict()) {
                    case COMPLIANT:
                        label = green + "PASS   " + reset;
                        break;
                    case NON_COMPLIANT:
                        label = red + "BLOCKED" + reset;
                        break;
                    case INDETERMINATE:
                        label = red + "BLOCKED" + reset;
                        break;
                    default:
                        label = yellow + "SKIPPED" + reset;
                }
                sb.append("  ").append(label).append("  ").append(f.logicalId()).append(dim).append("  (line ")
                        .append(f.line()).append(f.type().equals("AWS::Lambda::Function") ? "" : ", " + f.type())
                        .append(")").append(reset).append('\n');
                if (f.verdict() == Report.Verdict.NON_COMPLIANT) {
                    for (Report.Annotation a : f.failed()) {
                        sb.append("      ").append(red).append("x").append(reset).append(' ').append(a.name());
                        if (a.severity() != null) {
                            sb.append(dim).append(" [").append(a.severity()).append("]").append(reset);
                        }
                        if (a.statusMessage() != null) {
                            sb.append(": ").append(a.statusMessage());
                        }
                        sb.append('\n');
                        if (a.remediationMessage() != null) {
                            sb.append("        fix: ").append(a.remediationMessage()).append('\n');
                        }
                        if (a.remediationLink() != null) {
                            sb.append("        ").append(dim).append(a.remediationLink()).append(reset).append('\n');
                        }
                    }
                } else if (f.verdict() == Report.Verdict.INDETERMINATE || f.verdict() == Report.Verdict.NOT_EVALUATED) {
                    if (f.message() != null) {
                        sb.append("      ").append(indent(f.message(), "      ")).append('\n');
                    }
                }
                // Exempted rules are shown whatever the verdict: a waiver must stay visible, never look like a pass.
                for (Report.Annotation a : f.exempted()) {
                    sb.append("      ").append(yellow).append("~").append(reset).append(' ').append(a.name());
                    if (a.severity() != null) {
                        sb.append(dim).append(" [").append(a.severity()).append("]").append(reset);
                    }
                    sb.append(": ").append(a.statusMessage()).append('\n');
                    if (a.exemption().expiringInDays() != null) {
                        sb.append("        ").append(yellow).append("EXPIRING ")
                                .append(RuleExemption.inDays(a.exemption().expiringInDays())).append(reset)
                                .append(": renew the exemption or fix the function\n");
                    }
                }
            }
        }
        sb.append('\n').append(report.functions()).append(report.functions() == 1 ? " function: " : " functions: ")
                .append(report.count(Report.Verdict.COMPLIANT)).append(" compliant, ")
                .append(report.count(Report.Verdict.NON_COMPLIANT)).append(" non-compliant, ")
                .append(report.count(Report.Verdict.INDETERMINATE)).append(" indeterminate, ")
                .append(report.count(Report.Verdict.NOT_EVALUATED)).append(" not evaluated");
        int exempted = report.exemptedRules();
        if (exempted > 0) {
            sb.append("; ").append(exempted).append(exempted == 1 ? " rule" : " rules").append(" exempted");
        }
        long errors = report.templates.stream().filter(t -> t.error() != null).count();
        if (errors > 0) {
            sb.append("; ").append(errors).append(errors == 1 ? " template" : " templates").append(" unreadable");
        }
        sb.append('\n');
        return sb.toString();
    }

    private static String indent(String s, String prefix) {
        return s.strip().replace("\n", "\n" + prefix);
    }
}
