package com.lambda.tracing.hook.findings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lambda.tracing.hook.LocalHttpServer;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Security Hub endpoint speaking its REST-JSON protocol over real HTTP for the three operations the findings
 * function calls: {@code POST /findings/import} (BatchImportFindings), {@code POST /findings} (GetFindings by Id and
 * ProductArn) and {@code PATCH /findings/batchupdate} (BatchUpdateFindings, workflow only). Imports are checked for
 * the attributes ASFF requires, as Security Hub does, and a finding with a known Id is updated in place; the
 * workflow of an existing finding is never changed by an import. Faults: Security Hub not enabled (401
 * InvalidAccessException) and throttling (429 LimitExceededException) for a number of requests.
 */
final class FakeSecurityHub implements AutoCloseable {
    static final List<String> REQUIRED = List.of("SchemaVersion", "Id", "ProductArn", "GeneratorId", "AwsAccountId",
            "CreatedAt", "UpdatedAt", "Title", "Description", "Resources");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as received. */
    record Call(String method, String path, JsonNode body) {
    }

    private final LocalHttpServer server;
    private final List<Call> calls = new ArrayList<>();
    private final Map<String, ObjectNode> findings = new LinkedHashMap<>();
    private volatile boolean notEnabled;
    private volatile int throttledRequests;

    FakeSecurityHub() throws IOException {
        server = new LocalHttpServer(this::handle);
    }

    URI url() {
        return server.url();
    }

    void notEnabled(boolean value) {
        notEnabled = value;
    }

    /** The next {@code requests} requests answer 429. */
    void throttle(int requests) {
        throttledRequests = requests;
    }

    synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    synchronized List<Call> calls(String path) {
        return calls.stream().filter(c -> c.path().equals(path)).toList();
    }

    /** The stored findings by Id, as Security Hub would return them. */
    synchronized Map<String, ObjectNode> findings() {
        return new LinkedHashMap<>(findings);
    }

    @Override
    public void close() {
        server.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] raw = exchange.getRequestBody().readAllBytes();
        JsonNode body = raw.length == 0 ? JSON.createObjectNode() : JSON.readTree(raw);
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        synchronized (this) {
            calls.add(new Call(method, path, body));
            if (throttledRequests > 0) {
                throttledRequests--;
                error(exchange, 429, "LimitExceededException", "Rate exceeded");
                return;
            }
            if (notEnabled) {
                error(exchange, 401, "InvalidAccessException", "Account 111122223333 is not subscribed to AWS Security Hub");
                return;
            }
            if (method.equals("POST") && path.equals("/findings/import")) {
                reply(exchange, 200, batchImport(body));
            } else if (method.equals("POST") && path.equals("/findings")) {
                reply(exchange, 200, getFindings(body));
            } else if (method.equals("PATCH") && path.equals("/findings/batchupdate")) {
                reply(exchange, 200, batchUpdate(body));
            } else {
                error(exchange, 404, "ResourceNotFoundException", "no operation at " + method + " " + path);
            }
        }
    }

    private ObjectNode batchImport(JsonNode body) {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode failed = out.putArray("FailedFindings");
        int success = 0;
        for (JsonNode finding : body.path("Findings")) {
            String problem = problem(finding);
            if (problem != null) {
                failed.addObject().put("Id", finding.path("Id").asText()).put("ErrorCode", "InvalidInput")
                        .put("ErrorMessage", problem);
                continue;
            }
            ObjectNode stored = finding.deepCopy();
            ObjectNode previous = findings.get(finding.path("Id").asText());
            if (previous != null && previous.has("Workflow")) {
                // After creation, BatchImportFindings cannot change the workflow.
                stored.set("Workflow", previous.get("Workflow"));
            } else if (!stored.has("Workflow")) {
                stored.putObject("Workflow").put("Status", "NEW");
            }
            if (previous != null && "PASSED".equals(previous.path("Compliance").path("Status").asText())
                    && !"PASSED".equals(stored.path("Compliance").path("Status").asText())) {
                stored.putObject("Workflow").put("Status", "NEW");
            }
            findings.put(finding.path("Id").asText(), stored);
            success++;
        }
        out.put("FailedCount", failed.size());
        out.put("SuccessCount", success);
        return out;
    }

    private static String problem(JsonNode finding) {
        for (String field : REQUIRED) {
            if (finding.path(field).isMissingNode() || finding.path(field).isNull()) {
                return "Finding does not adhere to AWS Security Finding Format: missing " + field;
            }
        }
        if (!finding.path("Severity").has("Label") && !finding.path("FindingProviderFields").path("Severity").has("Label")) {
            return "missing Severity.Label";
        }
        if (!finding.has("Types") && !finding.path("FindingProviderFields").has("Types")) {
            return "missing Types";
        }
        String account = finding.path("AwsAccountId").asText();
        if (!finding.path("ProductArn").asText().endsWith(":product/" + account + "/default")) {
            return "ProductArn is not the default product of account " + account;
        }
        return null;
    }

    private ObjectNode getFindings(JsonNode body) {
        String id = body.path("Filters").path("Id").path(0).path("Value").asText(null);
        String product = body.path("Filters").path("ProductArn").path(0).path("Value").asText(null);
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("Findings");
        ObjectNode found = id == null ? null : findings.get(id);
        if (found != null && (product == null || product.equals(found.path("ProductArn").asText()))) {
            list.add(found);
        }
        return out;
    }

    private ObjectNode batchUpdate(JsonNode body) {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode processed = out.putArray("ProcessedFindings");
        ArrayNode unprocessed = out.putArray("UnprocessedFindings");
        for (JsonNode identifier : body.path("FindingIdentifiers")) {
            ObjectNode finding = findings.get(identifier.path("Id").asText());
            if (finding == null || !finding.path("ProductArn").asText().equals(identifier.path("ProductArn").asText())) {
                unprocessed.addObject().<ObjectNode>set("FindingIdentifier", identifier.deepCopy())
                        .put("ErrorCode", "FindingNotFound").put("ErrorMessage", "Finding Not Found");
                continue;
            }
            if (body.has("Workflow")) {
                finding.set("Workflow", body.get("Workflow").deepCopy());
            }
            if (body.has("Note")) {
                finding.set("Note", body.get("Note").deepCopy());
            }
            processed.add(identifier.deepCopy());
        }
        return out;
    }

    private static void reply(HttpExchange exchange, int status, JsonNode body) throws IOException {
        LocalHttpServer.reply(exchange, status, "application/json", JSON.writeValueAsBytes(body));
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        exchange.getResponseHeaders().set("x-amzn-ErrorType", code);
        reply(exchange, status, JSON.createObjectNode().put("Code", code).put("Message", message));
    }
}
