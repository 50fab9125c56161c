package com.lambda.tracing.hook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal AWS Config endpoint speaking AWS JSON 1.1 over real HTTP, for wrapper-level tests: the hook's real SDK
 * client talks to it through {@code lambdahook.config.endpoint}. It knows one rule, lambda-tracing-active, which
 * passes when the configuration sets TracingConfig.Mode to Active.
 */
final class FakeConfigEndpoint implements AutoCloseable {
    static final String RULE = "lambda-tracing-active";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One received call: its X-Amz-Target operation and JSON body. */
    record Call(String operation, JsonNode body) {
    }

    private final LocalHttpServer server;
    private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, String> evaluationsByToken = new HashMap<>();
    private final Map<String, JsonNode> configurations = new HashMap<>();
    private final AtomicInteger summaryPolls = new AtomicInteger();
    /** How many summary polls answer IN_PROGRESS before the evaluation finishes. */
    private volatile int inProgressPolls;

    FakeConfigEndpoint() throws IOException {
        server = new LocalHttpServer(this::handle);
    }

    String url() {
        return server.url().toString();
    }

    void inProgressPolls(int polls) {
        this.inProgressPolls = polls;
    }

    List<Call> calls(String operation) {
        synchronized (calls) {
            return calls.stream().filter(c -> c.operation().equals(operation)).toList();
        }
    }

    @Override
    public void close() {
        server.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        String operation = target == null ? "" : target.substring(target.indexOf('.') + 1);
        JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
        calls.add(new Call(operation, body));
        ObjectNode out = JSON.createObjectNode();
        int status = 200;
        synchronized (this) {
            switch (operation) {
                case "StartResourceEvaluation" -> {
                    String token = body.path("ClientToken").asText();
                    String id = evaluationsByToken.computeIfAbsent(token, t -> UUID.randomUUID().toString());
                    configurations.put(id, JSON.readTree(body.path("ResourceDetails").path("ResourceConfiguration").asText()));
                    out.put("ResourceEvaluationId", id);
                }
                case "GetResourceEvaluationSummary" -> {
                    String id = body.path("ResourceEvaluationId").asText();
                    if (!configurations.containsKey(id)) {
                        status = 400;
                        out.put("__type", "ResourceNotFoundException");
                        out.put("message", "unknown evaluation " + id);
                        break;
                    }
                    out.put("ResourceEvaluationId", id);
                    out.put("EvaluationMode", "PROACTIVE");
                    out.put("EvaluationStartTimestamp", 1.7e9);
                    if (summaryPolls.incrementAndGet() <= inProgressPolls) {
                        out.putObject("EvaluationStatus").put("Status", "IN_PROGRESS");
                    } else {
                        out.putObject("EvaluationStatus").put("Status", "SUCCEEDED");
                        out.put("Compliance", compliant(configurations.get(id)) ? "COMPLIANT" : "NON_COMPLIANT");
                    }
                }
                case "GetComplianceDetailsByResource" -> {
                    String id = body.path("ResourceEvaluationId").asText();
                    boolean ok = compliant(configurations.get(id));
                    ArrayNode results = out.putArray("EvaluationResults");
                    ObjectNode result = results.addObject();
                    ObjectNode identifier = result.putObject("EvaluationResultIdentifier");
                    identifier.putObject("EvaluationResultQualifier")
                            .put("ConfigRuleName", RULE)
                            .put("ResourceType", "AWS::Lambda::Function")
                            .put("ResourceId", "fn")
                            .put("EvaluationMode", "PROACTIVE");
                    identifier.put("ResourceEvaluationId", id);
                    identifier.put("OrderingTimestamp", 1.7e9);
                    result.put("ComplianceType", ok ? "COMPLIANT" : "NON_COMPLIANT");
                    if (!ok) {
                        result.put("Annotation", "TracingConfig.Mode is not Active");
                    }
                }
                default -> {
                    status = 400;
                    out.put("__type", "UnknownOperationException");
                }
            }
        }
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        LocalHttpServer.reply(exchange, status, "application/x-amz-json-1.1", JSON.writeValueAsBytes(out));
    }

    private static boolean compliant(JsonNode configuration) {
        return configuration != null && "Active".equals(configuration.path("TracingConfig").path("Mode").asText());
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
