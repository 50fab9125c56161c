package com.lambda.tracing.hook.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * SARIF 2.1.0 for code-scanning tools: every pack rule as a reporting descriptor, one result per failing rule of a
 * blocked function (and per indeterminate or not-evaluated function), located at the function's line.
 */
final class SarifReportWriter implements ReportWriter {
    static final String SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

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

    /**
     * The template's path as the URI reference SARIF requires: relative to the working directory where it lies below
     * it, a {@code file:} URI otherwise; spaces, {@code %}, {@code #}, brackets and non-ASCII letters are
     * percent-encoded, so code-scanning tools find the file whatever its name holds.
     */
    static String uri(String path) {
        Path p = Paths.get(path);
        if (p.isAbsolute()) {
            Path cwd = Paths.get("").toAbsolutePath();
            if (!p.startsWith(cwd)) {
                return p.toUri().toASCIIString();
            }
            p = cwd.relativize(p);
        }
        String relative = p.normalize().toString().replace('\\', '/');
        if (relative.indexOf(':') >= 0 && (relative.indexOf('/') < 0 || relative.indexOf(':') < relative.indexOf('/'))) {
            relative = "./" + relative; // a colon in the first segment would read as a URI scheme
        }
        try {
            return new URI(null, null, relative, null).toASCIIString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("no URI for " + relative, e);
        }
    }

    @Override
    public String render(Report report) {
        return JsonReportWriter.write(tree(report));
    }

    private static ObjectNode tree(Report report) {
        ObjectNode root = JsonReportWriter.JSON.createObjectNode();
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
        ArrayNode notifications = JsonReportWriter.JSON.createArrayNode();
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
                } else if (f.verdict() == Report.Verdict.NOT_EVALUATED && f.message() != null
                        && f.message().startsWith(Report.WARNING)) {
                    result(results, "lambda-hook/indeterminate", ruleIndex, "warning", "fail",
                            f.logicalId() + ": " + f.message(), t, f, artifactIndex);
                } else if (f.verdict() == Report.Verdict.NOT_EVALUATED) {
                    result(results, "lambda-hook/not-evaluated", ruleIndex, "none", "notApplicable",
                            f.logicalId() + ": " + f.message(), t, f, artifactIndex);
                }
                // An exempted rule is a finding someone accepted, not a pass: code scanning shows it as suppressed.
                for (Report.Annotation a : f.exempted()) {
                    ObjectNode r = result(results, a.name(), ruleIndex, sarifLevel(a.severity()), "fail",
                            f.logicalId() + ": " + a.statusMessage(), t, f, artifactIndex);
                    r.putArray("suppressions").addObject().put("kind", "external").put("status", "accepted")
                            .put("justification", a.exemption().reason());
                    ObjectNode props = (ObjectNode) r.get("properties");
                    if (a.exemption().approvedBy() != null) {
                        props.put("approvedBy", a.exemption().approvedBy());
                    }
                    if (a.exemption().expires() != null) {
                        props.put("expires", a.exemption().expires());
                    }
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
                .put("uri", Paths.get("").toAbsolutePath().toUri().toASCIIString());
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

    private static ObjectNode result(ArrayNode results, String ruleId, Map<String, Integer> ruleIndex, String level, String kind,
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
        return r;
    }
}
