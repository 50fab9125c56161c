package com.lambda.tracing.hook.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lambda.tracing.hook.ClientBuilder;
import com.lambda.tracing.hook.HookHandlerWrapper;
import com.lambda.tracing.hook.cli.HookRunner;
import com.lambda.tracing.hook.local.ConfigEndpoint;
import com.lambda.tracing.hook.rules.RuleCatalog;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Calls the hook the way CloudFormation does: a HookInvocationRequest JSON through
 * {@link HookHandlerWrapper#processRequest}, then again with the returned callbackContext (invocation + 1) for as long
 * as the hook answers IN_PROGRESS. The hook's real Config client talks HTTP to an embedded {@link ConfigEndpoint}.
 */
final class HookDriver {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path ROOT = Path.of(System.getProperty("project.basedir", ".")).toAbsolutePath();
    static final String CREDENTIALS =
            "{\"accessKeyId\":\"AKIDRELIABILITY\",\"secretAccessKey\":\"reliability-secret\",\"sessionToken\":\"reliability-session\"}";
    /** CloudFormation accepts at most 3 IN_PROGRESS answers; the driver stops where CloudFormation would. */
    static final int MAX_INVOCATIONS = 4;

    private static volatile RuleCatalog pack;

    private HookDriver() {
    }

    static RuleCatalog rulePack() {
        if (pack == null) {
            pack = RuleCatalog.load(ROOT.resolve("rules"));
        }
        return pack;
    }

    /** An endpoint with the real rule pack; the hook's client is pointed at it. */
    static ConfigEndpoint endpoint(ConfigEndpoint.Builder builder) {
        ConfigEndpoint endpoint = builder.start();
        System.setProperty(ClientBuilder.ENDPOINT_PROPERTY, endpoint.uri().toString());
        return endpoint;
    }

    static ConfigEndpoint endpoint() {
        return endpoint(ConfigEndpoint.builder().rules(rulePack()));
    }

    static void forgetEndpoint() {
        System.clearProperty(ClientBuilder.ENDPOINT_PROPERTY);
    }

    /** Closes the endpoint, if one was started, and stops pointing the hook's client at it. */
    static void stop(ConfigEndpoint endpoint) {
        if (endpoint != null) {
            endpoint.close();
        }
        forgetEndpoint();
    }

    static ObjectNode typeConfiguration(Object... keyValues) {
        ObjectNode model = JSON.createObjectNode();
        for (int i = 0; i < keyValues.length; i += 2) {
            model.set((String) keyValues[i], JSON.valueToTree(keyValues[i + 1]));
        }
        return model;
    }

    /** One preCreate request, as CloudFormation sends it. */
    static ObjectNode request(String token, String stackName, String logicalId, Map<String, Object> properties,
                              ObjectNode hookModel) {
        String stackId = "arn:aws:cloudformation:us-east-1:" + Functions.ACCOUNT + ":stack/" + stackName
                + "/5b918d10-cd98-11ea-90d5-0a9cd3354c10";
        return HookRunner.preCreateRequest(token, Functions.ACCOUNT, stackId, logicalId, properties,
                hookModel == null ? JSON.createObjectNode() : hookModel, CREDENTIALS);
    }

    /** One invocation: the raw bytes the wrapper wrote. */
    static byte[] invokeRaw(byte[] request) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new HookHandlerWrapper().processRequest(new ByteArrayInputStream(request), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static JsonNode invoke(JsonNode request) {
        try {
            return JSON.readTree(invokeRaw(JSON.writeValueAsBytes(request)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every invocation of one deployment of one function, and the answer that ended it. */
    record Run(JsonNode last, List<JsonNode> answers, List<Long> invocationMillis, long totalMillis) {
        String status() {
            return last.path("hookStatus").asText();
        }

        String message() {
            return last.path("message").asText();
        }

        String errorCode() {
            return last.path("errorCode").asText(null);
        }

        long inProgressAnswers() {
            return answers.stream().filter(a -> "IN_PROGRESS".equals(a.path("hookStatus").asText())).count();
        }

        long maxInvocationMillis() {
            return invocationMillis.stream().mapToLong(Long::longValue).max().orElse(0);
        }
    }

    /**
     * Re-invokes on IN_PROGRESS like CloudFormation. {@code delayScale} multiplies the callbackDelaySeconds the hook
     * asks for (1.0 is what CloudFormation does; tests use less to stay fast, which only makes the hook's job harder).
     */
    static Run drive(ObjectNode request, double delayScale) {
        ObjectNode r = request.deepCopy();
        List<JsonNode> answers = new ArrayList<>();
        List<Long> millis = new ArrayList<>();
        long t0 = System.nanoTime();
        JsonNode answer = null;
        for (int invocation = 1; invocation <= MAX_INVOCATIONS; invocation++) {
            ((ObjectNode) r.get("requestContext")).put("invocation", invocation);
            long s = System.nanoTime();
            answer = invoke(r);
            millis.add((System.nanoTime() - s) / 1_000_000);
            answers.add(answer);
            if (!"IN_PROGRESS".equals(answer.path("hookStatus").asText())) {
                break;
            }
            ((ObjectNode) r.get("requestContext")).set("callbackContext", answer.get("callbackContext"));
            long delayMillis = Math.round(answer.path("callbackDelaySeconds").asLong(0) * 1000 * delayScale);
            sleep(delayMillis);
        }
        return new Run(answer, answers, millis, (System.nanoTime() - t0) / 1_000_000);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(Math.max(0, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The shape every answer must have: hookStatus, and errorCode plus a message when FAILED, no stack trace. */
    static String problemWith(JsonNode answer) {
        if (answer == null || !answer.isObject()) {
            return "not a JSON object";
        }
        String status = answer.path("hookStatus").asText("");
        if (!List.of("SUCCESS", "FAILED", "IN_PROGRESS").contains(status)) {
            return "hookStatus '" + status + "'";
        }
        String message = answer.path("message").asText("");
        if ("FAILED".equals(status)) {
            if (answer.path("errorCode").asText("").isEmpty()) {
                return "FAILED without errorCode";
            }
            if (message.isBlank()) {
                return "FAILED without message";
            }
        }
        if ("IN_PROGRESS".equals(status) && !answer.path("callbackContext").isObject()) {
            return "IN_PROGRESS without callbackContext";
        }
        if (message.length() > 4096) {
            return "message longer than 4096 characters";
        }
        if (StackTraces.present(answer.toString())) {
            return "stack trace text in the answer";
        }
        return null;
    }
}
