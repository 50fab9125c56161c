package com.lambda.tracing.hook.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/** Renders a {@link Report} as text, JSON, SARIF 2.1.0 or JUnit XML. */
final class ReportWriter {
    static final String TOOL = "lambda-hook";
    static final String TOOL_URI = "https://github.com/lambda-tracing-hook/lambda-tracing-hook";
    static final String SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportWriter() {
    }

    static String render(Report report, String format, boolean colour) {
        switch (format) {
            case "text":
                return text(report, colour);
            case "json":
                return write(json(report));
            case "sarif":
                return write(sarif(report));
            case "junit":
                return junit(report);
            default:
                throw new UsageException("--format must be text, json, sarif or junit (not '" + format + "')");
        }
    }

    private static String write(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ text

    private static String text(Report report, boolean colour) {
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
            }
        }
        sb.append('\n').append(report.functions()).append(report.functions() == 1 ? " function: " : " functions: ")
                .append(report.count(Report.Verdict.COMPLIANT)).append(" compliant, ")
                .append(report.count(Report.Verdict.NON_COMPLIANT)).append(" non-compliant, ")
                .append(report.count(Report.Verdict.INDETERMINATE)).append(" indeterminate, ")
                .append(report.count(Report.Verdict.NOT_EVALUATED)).append(" not evaluated");
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

    // ------------------------------------------------------------------ JSON

    private static ObjectNode json(Report report) {
        ObjectNode root = JSON.createObjectNode();
        root.put("tool", TOOL);
        root.put("endpoint", report.endpoint);
        root.put("exitCode", report.exitCode());
        ObjectNode summary = root.putObject("summary");
        summary.put("functions", report.functions());
        for (Report.Verdict v : Report.Verdict.values()) {
            summary.put(camel(v.name()), report.count(v));
        }
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
                ArrayNode an = fn.putArray("annotations");
                for (Report.Annotation a : f.annotations()) {
                    ObjectNode n = an.addObject();
                    n.put("annotationName", a.name());
                    n.put("status", a.status());
                    n.put("statusMessage", a.statusMessage());
                    n.put("remediationMessage", a.remediationMessage());
                    n.put("remediationLink", a.remediationLink());
                    n.put("severityLevel", a.severity());
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

    // ------------------------------------------------------------------ SARIF 2.1.0

    static String sarifLevel(String severity) {
        if (severity == null) {
            return "error";
        }
        switch (severity.toUpperCase(Locale.ROOT)) {
            case "CRITICAL":
            case "HIGH":
                return "error";
            case "MEDIUM":
                return "warning";
            default:
                return "note";
        }
    }

    private static String securitySeverity(String severity) {
        switch (severity == null ? "" : severity.toUpperCase(Locale.ROOT)) {
            case "CRITICAL":
                return "9.5";
            case "HIGH":
                return "8.0";
            case "MEDIUM":
                return "5.5";
            case "LOW":
                return "3.0";
            default:
                return "1.0";
        }
    }

    private static String uri(String path) {
        Path p = Paths.get(path);
        if (p.isAbsolute()) {
            Path cwd = Paths.get("").toAbsolutePath();
            if (p.startsWith(cwd)) {
                return cwd.relativize(p).toString().replace('\\', '/');
            }
            return p.toUri().toString();
        }
        return p.normalize().toString().replace('\\', '/');
    }

    private static ObjectNode sarif(Report report) {
        ObjectNode root = JSON.createObjectNode();
        root.put("$schema", SARIF_SCHEMA);
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", TOOL);
        driver.put("informationUri", TOOL_URI);
        driver.put("semanticVersion", "1.0.0");
        ArrayNode rules = driver.putArray("rules");
        Map<String, Integer> ruleIndex = new LinkedHashMap<>();
        Map<String, Report.RuleInfo> known = new LinkedHashMap<>();
        report.rules.forEach(r -> known.put(r.name(), r));
        // every pack rule, then any rule name seen only in annotations, then two synthetic ids
        List<Report.RuleInfo> all = new ArrayList<>(report.rules);
        for (Report.TemplateResult t : report.templates) {
            for (Report.FunctionResult f : t.functions()) {
                for (Report.Annotation a : f.annotations()) {
                    if (!known.containsKey(a.name())) {
                        Report.RuleInfo info = new Report.RuleInfo(a.name(), a.name(), a.severity(), null,
                                a.remediationMessage(), a.remediationLink());
                        known.put(a.name(), info);
                        all.add(info);
                    }
                }
            }
        }
        all.add(new Report.RuleInfo("lambda-hook/indeterminate", "The hook could not reach a definite verdict",
                "HIGH", "The hook fails closed: an evaluation that failed, timed out or returned no usable result blocks the function.",
                "Read the message: it names the cause (evaluation failure, timeout, missing rule, API error).", TOOL_URI));
        all.add(new Report.RuleInfo("lambda-hook/not-evaluated", "The resource was not sent to the hook",
                "LOW", "Only AWS::Lambda::Function resources that CloudFormation would create are evaluated.",
                "Deploy-time transforms (SAM) produce AWS::Lambda::Function resources the hook then evaluates.", TOOL_URI));
        for (Report.RuleInfo r : all) {
            ruleIndex.put(r.name(), rules.size());
            ObjectNode rn = rules.addObject();
            rn.put("id", r.name());
            rn.put("name", sarifName(r.name()));
            rn.putObject("shortDescription").put("text", r.title() == null ? r.name() : r.title());
            if (r.rationale() != null) {
                rn.putObject("fullDescription").put("text", r.rationale());
            }
            if (r.fix() != null) {
                rn.putObject("help").put("text", r.fix());
            }
            if (r.link() != null) {
                rn.put("helpUri", r.link());
            }
            rn.putObject("defaultConfiguration").put("level", r.name().equals("lambda-hook/not-evaluated") ? "note" : sarifLevel(r.severity()));
            ObjectNode props = rn.putObject("properties");
            props.put("security-severity", securitySeverity(r.severity()));
            if (r.severity() != null) {
                props.put("severity", r.severity());
            }
            props.putArray("tags").add("cloudformation").add("lambda").add("aws-config");
        }
        ArrayNode artifacts = run.putArray("artifacts");
        Map<String, Integer> artifactIndex = new LinkedHashMap<>();
        for (Report.TemplateResult t : report.templates) {
            artifactIndex.put(t.path(), artifacts.size());
            ObjectNode a = artifacts.addObject();
            a.putObject("location").put("uri", uri(t.path()));
            a.put("sourceLanguage", t.path().endsWith(".json") ? "json" : "yaml");
        }
        ArrayNode results = run.putArray("results");
        ArrayNode notifications = JSON.createArrayNode();
        for (Report.TemplateResult t : report.templates) {
            if (t.error() != null) {
                ObjectNode n = notifications.addObject();
                n.put("level", "error");
                n.putObject("message").put("text", t.error());
                n.putArray("locations").addObject().putObject("physicalLocation").putObject("artifactLocation")
                        .put("uri", uri(t.path())).put("index", artifactIndex.get(t.path()));
                continue;
            }
            for (Report.FunctionResult f : t.functions()) {
                if (f.verdict() == Report.Verdict.NON_COMPLIANT) {
                    for (Report.Annotation a : f.failed()) {
                        String text = f.logicalId() + ": " + (a.statusMessage() != null ? a.statusMessage() : a.name() + " failed")
                                + (a.remediationMessage() != null ? " Fix: " + a.remediationMessage() : "");
                        result(results, a.name(), ruleIndex, sarifLevel(a.severity()), "fail", text, t, f, artifactIndex);
                    }
                } else if (f.verdict() == Report.Verdict.INDETERMINATE) {
                    result(results, "lambda-hook/indeterminate", ruleIndex, "error", "fail",
                            f.logicalId() + ": " + (f.message() == null ? "no verdict" : f.message()), t, f, artifactIndex);
                } else if (f.verdict() == Report.Verdict.NOT_EVALUATED) {
                    result(results, "lambda-hook/not-evaluated", ruleIndex, "none", "notApplicable",
                            f.logicalId() + ": " + f.message(), t, f, artifactIndex);
                }
            }
        }
        ObjectNode invocation = run.putArray("invocations").addObject();
        invocation.put("executionSuccessful", !report.anyInputError());
        invocation.put("exitCode", report.exitCode());
        if (!notifications.isEmpty()) {
            invocation.set("toolExecutionNotifications", notifications);
        }
        run.putObject("originalUriBaseIds").putObject("%SRCROOT%")
                .put("uri", Paths.get("").toAbsolutePath().toUri().toString());
        run.put("columnKind", "unicodeCodePoints");
        return root;
    }

    private static String sarifName(String id) {
        StringBuilder sb = new StringBuilder();
        for (String part : id.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return sb.toString();
    }

    private static void result(ArrayNode results, String ruleId, Map<String, Integer> ruleIndex, String level, String kind,
                               String text, Report.TemplateResult t, Report.FunctionResult f, Map<String, Integer> artifactIndex) {
        ObjectNode r = results.addObject();
        r.put("ruleId", ruleId);
        r.put("ruleIndex", ruleIndex.get(ruleId));
        r.put("kind", kind);
        r.put("level", level);
        r.putObject("message").put("text", text);
        ObjectNode loc = r.putArray("locations").addObject();
        ObjectNode physical = loc.putObject("physicalLocation");
        physical.putObject("artifactLocation").put("uri", uri(t.path())).put("uriBaseId", "%SRCROOT%")
                .put("index", artifactIndex.get(t.path()));
        physical.putObject("region").put("startLine", f.line());
        loc.putArray("logicalLocations").addObject().put("name", f.logicalId())
                .put("fullyQualifiedName", "Resources." + f.logicalId()).put("kind", "resource");
        r.putObject("partialFingerprints").put("lambdaHookResource/v1",
                Integer.toHexString((uri(t.path()) + "|" + f.logicalId() + "|" + ruleId).hashCode()));
        r.putObject("properties").put("resourceType", f.type()).put("verdict", f.verdict().name());
    }

    // ------------------------------------------------------------------ JUnit XML

    private static String junit(Report report) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            w.writeStartDocument("UTF-8", "1.0");
            w.writeCharacters("\n");
            w.writeStartElement("testsuites");
            w.writeAttribute("name", xml(TOOL + " check"));
            w.writeAttribute("tests", xml(String.valueOf(report.functions() + report.templates.stream().filter(t -> t.error() != null).count())));
            w.writeAttribute("failures", xml(String.valueOf(report.count(Report.Verdict.NON_COMPLIANT))));
            w.writeAttribute("errors", String.valueOf(report.count(Report.Verdict.INDETERMINATE)
                    + report.templates.stream().filter(t -> t.error() != null).count()));
            w.writeAttribute("skipped", xml(String.valueOf(report.count(Report.Verdict.NOT_EVALUATED))));
            w.writeAttribute("time", xml(seconds(report.millis)));
            String timestamp = Instant.now().toString();
            for (Report.TemplateResult t : report.templates) {
                w.writeCharacters("\n  ");
                w.writeStartElement("testsuite");
                w.writeAttribute("name", xml(t.path()));
                int tests = t.error() != null ? 1 : t.functions().size();
                long failures = t.functions().stream().filter(f -> f.verdict() == Report.Verdict.NON_COMPLIANT).count();
                long errors = t.error() != null ? 1 : t.functions().stream().filter(f -> f.verdict() == Report.Verdict.INDETERMINATE).count();
                long skipped = t.functions().stream().filter(f -> f.verdict() == Report.Verdict.NOT_EVALUATED).count();
                w.writeAttribute("tests", xml(String.valueOf(tests)));
                w.writeAttribute("failures", xml(String.valueOf(failures)));
                w.writeAttribute("errors", xml(String.valueOf(errors)));
                w.writeAttribute("skipped", xml(String.valueOf(skipped)));
                w.writeAttribute("time", xml(seconds(t.functions().stream().mapToLong(Report.FunctionResult::millis).sum())));
                w.writeAttribute("timestamp", xml(timestamp));
                if (t.error() != null) {
                    w.writeCharacters("\n    ");
                    w.writeStartElement("testcase");
                    w.writeAttribute("classname", xml(t.path()));
                    w.writeAttribute("name", xml("template"));
                    w.writeAttribute("time", xml("0"));
                    w.writeStartElement("error");
                    w.writeAttribute("type", xml("UnreadableTemplate"));
                    w.writeAttribute("message", xml(t.error()));
                    w.writeCharacters(xml(t.error()));
                    w.writeEndElement();
                    w.writeEndElement();
                }
                for (Report.FunctionResult f : t.functions()) {
                    w.writeCharacters("\n    ");
                    w.writeStartElement("testcase");
                    w.writeAttribute("classname", xml(t.path()));
                    w.writeAttribute("name", xml(f.logicalId()));
                    w.writeAttribute("file", xml(t.path()));
                    w.writeAttribute("line", xml(String.valueOf(f.line())));
                    w.writeAttribute("time", xml(seconds(f.millis())));
                    switch (f.verdict()) {
                        case NON_COMPLIANT: {
                            List<String> names = f.failed().stream().map(Report.Annotation::name).toList();
                            w.writeStartElement("failure");
                            w.writeAttribute("type", xml("NonCompliant"));
                            w.writeAttribute("message", xml("Blocked by " + String.join(", ", names)));
                            StringBuilder body = new StringBuilder();
                            for (Report.Annotation a : f.failed()) {
                                body.append(a.name()).append(" [").append(a.severity()).append("]: ")
                                        .append(a.statusMessage()).append('\n');
                                if (a.remediationMessage() != null) {
                                    body.append("  fix: ").append(a.remediationMessage()).append('\n');
                                }
                                if (a.remediationLink() != null) {
                                    body.append("  ").append(a.remediationLink()).append('\n');
                                }
                            }
                            if (f.message() != null) {
                                body.append('\n').append(f.message()).append('\n');
                            }
                            w.writeCharacters(xml(body.toString()));
                            w.writeEndElement();
                            break;
                        }
                        case INDETERMINATE:
                            w.writeStartElement("error");
                            w.writeAttribute("type", xml(f.errorCode() == null ? "Indeterminate" : f.errorCode()));
                            w.writeAttribute("message", xml(f.message() == null ? "no verdict" : firstLine(f.message())));
                            w.writeCharacters(xml(f.message() == null ? "" : f.message()));
                            w.writeEndElement();
                            break;
                        case NOT_EVALUATED:
                            w.writeStartElement("skipped");
                            w.writeAttribute("message", xml(f.message() == null ? "not evaluated" : f.message()));
                            w.writeEndElement();
                            break;
                        default:
                            break;
                    }
                    w.writeEndElement();
                }
                w.writeCharacters("\n  ");
                w.writeEndElement();
            }
            w.writeCharacters("\n");
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return out + "\n";
    }

    /** Drops the characters XML 1.0 cannot carry (control characters, unpaired surrogates, U+FFFE/U+FFFF). */
    static String xml(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            boolean ok = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
                    || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
            sb.append(ok ? new String(Character.toChars(cp)) : "\uFFFD");
            i += Character.charCount(cp);
        }
        return sb.toString();
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }
}
