package com.lambda.tracing.hook.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lambda.tracing.hook.HookSettings;
import com.lambda.tracing.hook.TypeConfigurationModel;
import com.lambda.tracing.hook.evaluation.ExemptionUse;
import com.lambda.tracing.hook.evaluation.RuleExemption;
import com.lambda.tracing.hook.evaluation.Verdicts;

import com.lambda.tracing.hook.evaluation.EvaluationSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Calls the hook exactly as CloudFormation does at preCreate: one HookInvocationRequest JSON per function through the
 * wrapper's stream entry point, then again with the returned callbackContext (invocation + 1) after
 * callbackDelaySeconds for as long as the hook answers IN_PROGRESS. Public only for {@link #preCreateRequest}, which
 * the project's tests share.
 */
public final class HookRunner {
    /** The wrapper's JSON entry point: request bytes in, HookProgressEvent bytes out. */
    interface Invoker {
        byte[] invoke(byte[] request) throws Exception;

        /** Optional: load classes before the first invocation (runs while the endpoint starts). */
        default void warmUp() {
        }
    }

    static final String HOOK_TYPE = "Lambda::Tracing::Hook";
    /**
     * CloudFormation accepts at most this many IN_PROGRESS answers and then fails the hook itself (Hooks User Guide,
     * "Timeout and retry limits"); check stops there too, so it never reports a verdict AWS would not reach.
     */
    static final int MAX_IN_PROGRESS = EvaluationSettings.MAX_REINVOCATIONS;
    static final int MAX_INVOCATIONS = MAX_IN_PROGRESS + 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Invoker invoker;
    private final JsonNode hookModel;
    private final String region;
    private final String callerCredentials;

    private final List<RuleExemption> exemptions;

    HookRunner(Invoker invoker, JsonNode hookModel, String region, String callerCredentials) {
        this.invoker = invoker;
        this.hookModel = hookModel;
        this.region = region;
        this.callerCredentials = callerCredentials;
        this.exemptions = exemptions(hookModel);
    }

    /**
     * The exemptions as the hook reads them, to say which exemption an exempted rule's annotation stands for. An
     * invalid type configuration has none: the hook answers InvalidTypeConfiguration for every function then.
     */
    private static List<RuleExemption> exemptions(JsonNode hookModel) {
        if (hookModel == null || !hookModel.isObject()) {
            return List.of();
        }
        try {
            return HookSettings.from(JSON.treeToValue(hookModel, TypeConfigurationModel.class)).exemptions();
        } catch (HookSettings.InvalidSetting | java.io.IOException e) {
            return List.of();
        }
    }

    /** The annotation, with the exemption behind it when the hook waived the rule. */
    private Report.Annotation annotation(JsonNode a, String stackName, String logicalId) {
        String name = textOrNull(a.get("annotationName"));
        String status = textOrNull(a.get("status"));
        String statusMessage = textOrNull(a.get("statusMessage"));
        Report.Exemption exemption = null;
        if ("SKIPPED".equals(status) && statusMessage != null && statusMessage.startsWith(RuleExemption.ANNOTATION_PREFIX)) {
            Instant now = Instant.now();
            ExemptionUse use = ExemptionUse.find(exemptions, name, stackName, logicalId, now);
            exemption = use == null || use.expired()
                    // the hook judged a moment earlier (an exemption ending at midnight UTC in between): its text stands
                    ? new Report.Exemption(statusMessage, null, null, null)
                    : new Report.Exemption(use.exemption().reason(), use.exemption().approvedBy(),
                    use.exemption().expires().toString(), use.exemption().expiringInDays(now));
        }
        return new Report.Annotation(name, status, statusMessage, textOrNull(a.get("remediationMessage")),
                textOrNull(a.get("remediationLink")), textOrNull(a.get("severityLevel")), exemption);
    }

    ObjectNode request(String stackName, String logicalId, Map<String, Object> properties, String token) {
        String stackId = "arn:aws:cloudformation:" + region + ":" + IntrinsicResolver.ACCOUNT + ":stack/" + stackName
                + "/" + new Placeholders(stackName, region, IntrinsicResolver.ACCOUNT).uuid("AWS::StackId");
        return preCreateRequest(token, IntrinsicResolver.ACCOUNT, stackId, logicalId, properties, hookModel,
                callerCredentials);
    }

    /**
     * A HookInvocationRequest for one AWS::Lambda::Function as CloudFormation sends it at preCreate: invocation 1,
     * no callbackContext yet. A copy of {@code hookModel} goes in; with null the request has no hookModel at all.
     */
    public static ObjectNode preCreateRequest(String token, String account, String stackId, String logicalId,
                                              Map<String, Object> properties, JsonNode hookModel,
                                              String callerCredentials) {
        ObjectNode r = JSON.createObjectNode();
        r.put("clientRequestToken", token);
        r.put("awsAccountId", account);
        r.put("stackId", stackId);
        r.put("hookTypeName", HOOK_TYPE);
        r.put("hookTypeVersion", "00000001");
        if (hookModel != null) {
            r.set("hookModel", hookModel.deepCopy());
        }
        r.put("actionInvocationPoint", "CREATE_PRE_PROVISION");
        ObjectNode data = r.putObject("requestData");
        data.put("targetName", "AWS::Lambda::Function");
        data.put("targetType", "RESOURCE");
        data.put("targetLogicalId", logicalId);
        data.putObject("targetModel").set("resourceProperties", JSON.valueToTree(properties));
        data.put("callerCredentials", callerCredentials);
        ObjectNode context = r.putObject("requestContext");
        context.put("invocation", 1);
        context.putNull("callbackContext");
        return r;
    }

    Report.FunctionResult run(String stackName, String logicalId, int line, Map<String, Object> properties) {
        long t0 = System.nanoTime();
        ObjectNode request = request(stackName, logicalId, properties, UUID.randomUUID().toString());
        JsonNode response = null;
        int invocation = 0;
        try {
            while (invocation < MAX_INVOCATIONS) {
                invocation++;
                ((ObjectNode) request.get("requestContext")).put("invocation", invocation);
                byte[] out = invoker.invoke(JSON.writeValueAsBytes(request));
                try {
                    response = JSON.readTree(out);
                } catch (java.io.IOException e) {
                    response = null;
                }
                if (response == null || !response.isObject()) {
                    return result(logicalId, line, Report.Verdict.INDETERMINATE, null, null,
                            "The hook answered with something that is not a HookProgressEvent JSON object.", List.of(), invocation, t0);
                }
                if (!"IN_PROGRESS".equals(response.path("hookStatus").asText()) || invocation >= MAX_INVOCATIONS) {
                    break;
                }
                ObjectNode context = (ObjectNode) request.get("requestContext");
                context.set("callbackContext", response.get("callbackContext") == null
                        ? JSON.nullNode() : response.get("callbackContext"));
                long delay = Math.max(0, response.path("callbackDelaySeconds").asLong(0));
                Thread.sleep(Math.min(delay, 900) * 1000L);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return result(logicalId, line, Report.Verdict.INDETERMINATE, null, null, "Interrupted.", List.of(), invocation, t0);
        } catch (Exception e) {
            return result(logicalId, line, Report.Verdict.INDETERMINATE, null, null,
                    "The hook entry point threw " + e.getClass().getSimpleName() + ": " + e.getMessage(), List.of(), invocation, t0);
        }
        String status = response.path("hookStatus").asText(null);
        String errorCode = textOrNull(response.get("errorCode"));
        String message = textOrNull(response.get("message"));
        List<Report.Annotation> annotations = new ArrayList<>();
        for (JsonNode a : response.path("annotations")) {
            annotations.add(annotation(a, stackName, logicalId));
        }
        Report.Verdict verdict;
        if ("SUCCESS".equals(status)) {
            verdict = Report.Verdict.COMPLIANT;
        } else if ("FAILED".equals(status) && annotations.stream().anyMatch(
                a -> "FAILED".equals(a.status()) && !Verdicts.MISSING_RULE_MESSAGE.equals(a.statusMessage()))) {
            verdict = Report.Verdict.NON_COMPLIANT;
        } else {
            verdict = Report.Verdict.INDETERMINATE;
            if ("IN_PROGRESS".equals(status)) {
                message = "The hook still answered IN_PROGRESS after " + invocation + " invocations; CloudFormation accepts at most "
                        + MAX_IN_PROGRESS + " IN_PROGRESS answers and would fail the hook with its own message"
                        + (message == null ? "." : ": " + message);
            } else if (message == null) {
                message = "The hook answered " + status + (errorCode == null ? "" : " (" + errorCode + ")") + " without a message.";
            }
        }
        return new Report.FunctionResult(logicalId, "AWS::Lambda::Function", line, verdict, status, errorCode, message,
                annotations, invocation, (System.nanoTime() - t0) / 1_000_000);
    }

    private static Report.FunctionResult result(String logicalId, int line, Report.Verdict v, String status, String code,
                                                String message, List<Report.Annotation> annotations, int invocations, long t0) {
        return new Report.FunctionResult(logicalId, "AWS::Lambda::Function", line, v, status, code, message, annotations,
                invocations, (System.nanoTime() - t0) / 1_000_000);
    }

    private static String textOrNull(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }
}
