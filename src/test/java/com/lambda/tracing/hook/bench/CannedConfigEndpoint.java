package com.lambda.tracing.hook.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * An AWS Config endpoint that answers at once with canned bodies: every evaluation has SUCCEEDED and every rule of
 * the list is COMPLIANT. It measures the hook, not Config. Create it only after setting
 * {@code sun.net.httpserver.nodelay=true} (done here), or each answer can wait for a delayed ACK.
 */
final class CannedConfigEndpoint implements AutoCloseable {
    private final HttpServer server;
    private final byte[] started;
    private final byte[] summary;
    private final byte[] details;

    CannedConfigEndpoint(List<String> ruleNames) throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        ObjectMapper json = new ObjectMapper();
        String id = "00000000-0000-4000-8000-00000000bench";
        started = json.writeValueAsBytes(json.createObjectNode().put("ResourceEvaluationId", id));
        ObjectNode s = json.createObjectNode();
        s.put("ResourceEvaluationId", id).put("EvaluationMode", "PROACTIVE").put("EvaluationStartTimestamp", 1.7e9);
        s.putObject("EvaluationStatus").put("Status", "SUCCEEDED");
        s.put("Compliance", "COMPLIANT");
        summary = json.writeValueAsBytes(s);
        ObjectNode d = json.createObjectNode();
        ArrayNode results = d.putArray("EvaluationResults");
        for (String rule : ruleNames) {
            ObjectNode r = results.addObject();
            ObjectNode identifier = r.putObject("EvaluationResultIdentifier");
            identifier.putObject("EvaluationResultQualifier").put("ConfigRuleName", rule)
                    .put("ResourceType", "AWS::Lambda::Function").put("ResourceId", "OrdersFunction")
                    .put("EvaluationMode", "PROACTIVE");
            identifier.put("OrderingTimestamp", 1.7e9).put("ResourceEvaluationId", id);
            r.put("ComplianceType", "COMPLIANT").put("ResultRecordedTime", 1.7e9).put("ConfigRuleInvokedTime", 1.7e9);
        }
        details = json.writeValueAsBytes(d);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "canned-config");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        byte[] body = target == null ? details
                : target.endsWith("StartResourceEvaluation") ? started
                : target.endsWith("GetResourceEvaluationSummary") ? summary : details;
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        exchange.getResponseHeaders().add("x-amzn-RequestId", "bench");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
