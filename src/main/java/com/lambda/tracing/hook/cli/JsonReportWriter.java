package com.lambda.tracing.hook.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.Locale;

/** The report as one JSON document: summary counts, then per template and function the verdict and annotations. */
final class JsonReportWriter implements ReportWriter {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public String render(Report report) {
        return write(tree(report));
    }

    /** Pretty-printed, with a final newline. */
    static String write(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode tree(Report report) {
        ObjectNode root = JSON.createObjectNode();
        root.put("tool", TOOL);
        root.put("endpoint", report.endpoint);
        root.put("exitCode", report.exitCode());
        ObjectNode summary = root.putObject("summary");
        summary.put("functions", report.functions());
        for (Report.Verdict v : Report.Verdict.values()) {
            summary.put(camel(v.name()), report.count(v));
        }
        summary.put("exemptedRules", report.exemptedRules());
        summary.put("millis", report.millis);
        ArrayNode templates = root.putArray("templates");
        for (Report.TemplateResult t : report.templates) {
            ObjectNode tn = templates.addObject();
            tn.put("file", t.path());
            if (t.error() != null) {
                tn.put("error", t.error());
            }
            ArrayNode fns = tn.putArray("functions");
            for (Report.FunctionResult f : t.functions()) {
                ObjectNode fn = fns.addObject();
                fn.put("logicalId", f.logicalId());
                fn.put("type", f.type());
                fn.put("line", f.line());
                fn.put("verdict", f.verdict().name());
                fn.put("blocked", f.verdict().blocked());
                fn.put("hookStatus", f.hookStatus());
                fn.put("errorCode", f.errorCode());
                fn.put("message", f.message());
                fn.put("invocations", f.invocations());
                fn.put("millis", f.millis());
                ArrayNode exempted = fn.putArray("exempted");
                f.exempted().forEach(a -> exempted.add(a.name()));
                ArrayNode an = fn.putArray("annotations");
                for (Report.Annotation a : f.annotations()) {
                    ObjectNode n = an.addObject();
                    n.put("annotationName", a.name());
                    n.put("status", a.status());
                    n.put("statusMessage", a.statusMessage());
                    n.put("remediationMessage", a.remediationMessage());
                    n.put("remediationLink", a.remediationLink());
                    n.put("severityLevel", a.severity());
                    if (a.exemption() != null) {
                        ObjectNode e = n.putObject("exemption");
                        e.put("reason", a.exemption().reason());
                        e.put("approvedBy", a.exemption().approvedBy());
                        e.put("expires", a.exemption().expires());
                        if (a.exemption().expiringInDays() != null) {
                            e.put("expiringInDays", a.exemption().expiringInDays());
                        }
                    }
                }
            }
        }
        return root;
    }

    private static String camel(String enumName) {
        StringBuilder sb = new StringBuilder();
        boolean up = false;
        for (char c : enumName.toLowerCase(Locale.ROOT).toCharArray()) {
            if (c == '_') {
                up = true;
            } else {
                sb.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return sb.toString();
    }
}
