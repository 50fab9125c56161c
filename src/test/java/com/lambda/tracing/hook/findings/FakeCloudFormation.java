package com.lambda.tracing.hook.findings;

import com.lambda.tracing.hook.LocalHttpServer;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A CloudFormation endpoint speaking the AWS query protocol (form-encoded POST, XML answers) over real HTTP for the
 * two calls the findings function makes: {@code ListHookResults} (TypeArn and Status filters, newest first, pages
 * of {@value #PAGE_SIZE}) and {@code GetHookResult}. Faults: throttling for a number of requests.
 */
final class FakeCloudFormation implements AutoCloseable {
    static final int PAGE_SIZE = 2;
    private static final String NS = "http://cloudformation.amazonaws.com/doc/2010-05-15/";

    /** One annotation of a stored result. */
    record Annotation(String name, String status, String severity, String message, String remediation, String link) {
    }

    /** One stored hook result. */
    record Result(String id, String typeArn, String status, String targetId, String stackArn, Instant invokedAt,
                  String reason, List<Annotation> annotations) {
    }

    private final LocalHttpServer server;
    private final List<Result> results = new ArrayList<>();
    private final List<Map<String, String>> calls = new ArrayList<>();
    private volatile int throttledRequests;

    FakeCloudFormation() throws IOException {
        server = new LocalHttpServer(this::handle);
    }

    URI url() {
        return server.url();
    }

    synchronized Result add(String typeArn, String status, String targetId, String stackArn, Instant invokedAt,
                            String reason, List<Annotation> annotations) {
        Result r = new Result(UUID.randomUUID().toString(), typeArn, status, targetId, stackArn, invokedAt, reason,
                annotations);
        results.add(r);
        return r;
    }

    void throttle(int requests) {
        throttledRequests = requests;
    }

    /** Every request's form parameters, in order. */
    synchronized List<Map<String, String>> calls() {
        return List.copyOf(calls);
    }

    @Override
    public void close() {
        server.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        synchronized (this) {
            calls.add(form);
            if (throttledRequests > 0) {
                throttledRequests--;
                error(exchange, 400, "Throttling", "Rate exceeded");
                return;
            }
            if (!"2010-05-15".equals(form.get("Version"))) {
                error(exchange, 400, "InvalidParameterValue", "unsupported Version " + form.get("Version"));
                return;
            }
            switch (String.valueOf(form.get("Action"))) {
                case "ListHookResults" -> list(exchange, form);
                case "GetHookResult" -> get(exchange, form);
                default -> error(exchange, 400, "InvalidAction", "unknown action " + form.get("Action"));
            }
        }
    }

    private void list(HttpExchange exchange, Map<String, String> form) throws IOException {
        if (form.containsKey("Status") && !form.containsKey("TypeArn")) {
            error(exchange, 400, "ValidationError", "Status can only be used in combination with TypeArn");
            return;
        }
        List<Result> matching = results.stream()
                .filter(r -> !form.containsKey("TypeArn") || r.typeArn().equals(form.get("TypeArn")))
                .filter(r -> !form.containsKey("Status") || r.status().equals(form.get("Status")))
                .sorted((a, b) -> b.invokedAt().compareTo(a.invokedAt()))
                .toList();
        int from = form.containsKey("NextToken") ? Integer.parseInt(form.get("NextToken")) : 0;
        int to = Math.min(matching.size(), from + PAGE_SIZE);
        StringBuilder xml = new StringBuilder("<ListHookResultsResponse xmlns=\"" + NS + "\"><ListHookResultsResult><HookResults>");
        for (Result r : matching.subList(from, to)) {
            xml.append("<member>").append(common(r))
                    .append(tag("TargetType", "RESOURCE"))
                    .append(tag("TargetId", r.targetId()))
                    .append(tag("HookExecutionTarget", r.stackArn()))
                    .append("</member>");
        }
        xml.append("</HookResults>");
        if (to < matching.size()) {
            xml.append(tag("NextToken", String.valueOf(to)));
        }
        xml.append("</ListHookResultsResult>").append(metadata()).append("</ListHookResultsResponse>");
        reply(exchange, 200, xml.toString());
    }

    private void get(HttpExchange exchange, Map<String, String> form) throws IOException {
        Result r = results.stream().filter(x -> x.id().equals(form.get("HookResultId"))).findFirst().orElse(null);
        if (r == null) {
            error(exchange, 404, "HookResultNotFound", "Hook result " + form.get("HookResultId") + " not found");
            return;
        }
        StringBuilder xml = new StringBuilder("<GetHookResultResponse xmlns=\"" + NS + "\"><GetHookResultResult>")
                .append(common(r))
                .append("<Target>").append(tag("TargetType", "RESOURCE"))
                .append(tag("TargetTypeName", "AWS::Lambda::Function")).append(tag("TargetId", r.targetId()))
                .append(tag("Action", "CREATE")).append("</Target><Annotations>");
        for (Annotation a : r.annotations()) {
            xml.append("<member>").append(tag("AnnotationName", a.name())).append(tag("Status", a.status()))
                    .append(tag("StatusMessage", a.message())).append(tag("RemediationMessage", a.remediation()))
                    .append(tag("RemediationLink", a.link())).append(tag("SeverityLevel", a.severity()))
                    .append("</member>");
        }
        xml.append("</Annotations></GetHookResultResult>").append(metadata()).append("</GetHookResultResponse>");
        reply(exchange, 200, xml.toString());
    }

    /** The members both a ListHookResults entry and GetHookResult carry (the query protocol's XML is unordered). */
    private static String common(Result r) {
        return tag("HookResultId", r.id()) + tag("InvocationPoint", "PRE_PROVISION") + tag("FailureMode", "FAIL")
                + tag("TypeName", "Lambda::Tracing::Hook") + tag("TypeVersionId", "00000001") + tag("TypeArn", r.typeArn())
                + tag("Status", r.status()) + tag("HookStatusReason", r.reason()) + tag("InvokedAt", r.invokedAt().toString());
    }

    private static String metadata() {
        return "<ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata>";
    }

    private static String tag(String name, String value) {
        if (value == null) {
            return "";
        }
        String escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return "<" + name + ">" + escaped + "</" + name + ">";
    }

    private static Map<String, String> form(String body) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            values.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    private static void reply(HttpExchange exchange, int status, String xml) throws IOException {
        LocalHttpServer.reply(exchange, status, "text/xml", xml.getBytes(StandardCharsets.UTF_8));
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        reply(exchange, status, "<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type>" + tag("Code", code)
                + tag("Message", message) + "</Error><RequestId>" + UUID.randomUUID() + "</RequestId></ErrorResponse>");
    }
}
