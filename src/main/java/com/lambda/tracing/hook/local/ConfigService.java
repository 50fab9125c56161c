package com.lambda.tracing.hook.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The AWS Config API (AWS JSON 1.1, target prefix StarlingDoveService) behind the embedded endpoint: reads the
 * operation from {@code X-Amz-Target}, applies injected request faults and latency, and routes the parsed body to
 * {@link EvaluationOperations} or {@link RuleOperations}; {@link Replies} builds the answer.
 */
final class ConfigService implements HttpCore.Handler {
    static final String TARGET_PREFIX = "StarlingDoveService.";

    private final RuleOperations ruleOperations;
    private final Faults faults;
    private final EndpointStats stats;
    private final Map<String, Function<ObjectNode, JsonNode>> operations;

    ConfigService(EndpointSettings settings, EvaluationStore store, ConfigRules rules, EvaluationEngine engine,
                  GuardRunner guard, Faults faults, EndpointStats stats) {
        EvaluationOperations evaluations = new EvaluationOperations(settings, store, rules, engine, faults, stats);
        this.ruleOperations = new RuleOperations(settings, rules, guard);
        this.faults = faults;
        this.stats = stats;
        this.operations = Map.of(
                "StartResourceEvaluation", evaluations::startResourceEvaluation,
                "GetResourceEvaluationSummary", evaluations::getResourceEvaluationSummary,
                "GetComplianceDetailsByResource", evaluations::getComplianceDetailsByResource,
                "ListResourceEvaluations", evaluations::listResourceEvaluations,
                "PutConfigRule", ruleOperations::putConfigRule,
                "DescribeConfigRules", ruleOperations::describeConfigRules,
                "DeleteConfigRule", ruleOperations::deleteConfigRule,
                "GetCustomRulePolicy", ruleOperations::getCustomRulePolicy);
    }

    /** Marks policy texts whose Guard syntax was checked already (the pack loaded at start). */
    void prevalidated(List<String> texts) {
        ruleOperations.prevalidated(texts);
    }

    @Override
    public HttpCore.Reply handle(HttpCore.Request request) {
        String requestId = UUID.randomUUID().toString();
        String target = request.header("x-amz-target");
        String operation = target != null && target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : null;
        if (operation != null) {
            stats.request(operation);
        }
        Faults.RequestFault fault = faults.requestFault(operation == null ? "" : operation);
        Duration latency = faults.latency(operation == null ? "" : operation);
        HttpCore.Reply reply;
        if (fault != null) {
            reply = Replies.fault(fault, requestId, operation);
        } else {
            try {
                if (!"POST".equals(request.method())) {
                    throw ApiException.client("UnknownOperationException", "Only POST / is supported");
                }
                if (operation == null) {
                    throw ApiException.client("UnknownOperationException", target == null
                            ? "Missing X-Amz-Target header" : "Unknown target " + target);
                }
                JsonNode input = parse(request.body());
                if (operation.equals("StartResourceEvaluation")) {
                    countStart(input);
                }
                reply = Replies.ok(requestId, dispatch(operation, (ObjectNode) input));
            } catch (ApiException e) {
                reply = Replies.error(requestId, e.status(), e.type(), e.getMessage());
            } catch (RuntimeException e) {
                reply = Replies.error(requestId, 500, "InternalFailure", "An internal error occurred: " + e.getClass().getSimpleName());
            }
        }
        if (!latency.isZero()) {
            try {
                Thread.sleep(latency.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return reply;
    }

    private void countStart(JsonNode input) {
        JsonNode id = input.path("ResourceDetails").path("ResourceId");
        JsonNode ctx = input.path("EvaluationContext").path("EvaluationContextIdentifier");
        stats.start(id.isTextual() ? id.textValue() : null, ctx.isTextual() ? ctx.textValue() : null);
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return Json.object();
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw ApiException.serialization(Json.tooDeep(e) ? "The request body is nested too deeply (more than "
                    + Json.MAX_DEPTH + " levels of objects and arrays)" : "Unable to parse the request body as JSON");
        }
        if (node == null || node.isMissingNode()) {
            return Json.object();
        }
        if (!node.isObject()) {
            throw ApiException.serialization("Start of structure or map expected");
        }
        return node;
    }

    private JsonNode dispatch(String operation, ObjectNode in) {
        Function<ObjectNode, JsonNode> handler = operations.get(operation);
        if (handler == null) {
            throw ApiException.client("UnknownOperationException", "Unknown operation " + operation);
        }
        return handler.apply(in);
    }
}
