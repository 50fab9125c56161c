package com.lambda.tracing.hook.findings;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * One EventBridge event of type {@value #DETAIL_TYPE} from {@value #SOURCE}, reduced to what the findings function
 * needs. Field names follow the event's schema in the EventBridge schema registry
 * ({@code aws.cloudformation@CloudFormationHookInvocationProgress}): {@code detail.hook-detail},
 * {@code detail.target-detail}, {@code detail.status}, {@code detail.status-reason}; the stack is the stack ARN among
 * the event's {@code resources}. The input is hostile: every field is checked before it is used in an API call or an
 * identifier.
 *
 * @param stackArn null when the event names no stack (the hook result then supplies it)
 */
public record HookEvent(
        String account,
        String region,
        Instant time,
        String hookTypeName,
        String hookTypeArn,
        String failureMode,
        Outcome outcome,
        String status,
        String statusReason,
        String logicalId,
        String targetTypeName,
        String targetAction,
        String invocationPoint,
        String stackArn) {

    public static final String SOURCE = "aws.cloudformation";
    public static final String DETAIL_TYPE = "CloudFormation Hook Invocation Progress";

    /** What the invocation ended in, read from {@code detail.status}. */
    public enum Outcome {
        /** The hook ended in failure (status ends in FAILED, e.g. FAILED, HOOK_COMPLETE_FAILED, HOOK_FAILED). */
        FAILED,
        /** The hook let the resource through (status ends in SUCCEEDED). */
        SUCCEEDED,
        /** Still running, or a status this function does not act on. */
        OTHER
    }

    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    private static final Pattern TYPE_NAME = Pattern.compile("[A-Za-z0-9]{2,64}::[A-Za-z0-9]{2,64}::[A-Za-z0-9]{2,64}");
    private static final Pattern LOGICAL_ID = Pattern.compile("[A-Za-z0-9]{1,255}");
    private static final Pattern STACK_ARN = Pattern.compile(
            "arn:aws[a-z-]*:cloudformation:[a-z0-9-]+:\\d{12}:stack/[A-Za-z][-A-Za-z0-9]{0,127}/[-a-f0-9]{1,64}");
    private static final Pattern TYPE_ARN = Pattern.compile(
            "arn:aws[a-z-]*:cloudformation:[a-z0-9-]+:\\d{12}:type/hook/[A-Za-z0-9-]{2,196}(/[0-9]{1,8})?");
    private static final Pattern WORD = Pattern.compile("[A-Za-z_]{1,64}");
    static final int MAX_REASON_CHARS = 4096;

    /**
     * Reads an event.
     *
     * @throws UnusableEventException when the event is not a hook invocation event or lacks a field this function
     *                                needs; the message says which
     */
    public static HookEvent from(JsonNode event) {
        if (event == null || !event.isObject()) {
            throw new UnusableEventException("the input is not a JSON object");
        }
        require(SOURCE.equals(event.path("source").asText()), "source is not " + SOURCE);
        require(DETAIL_TYPE.equals(event.path("detail-type").asText()), "detail-type is not '" + DETAIL_TYPE + "'");
        String account = matching(event, "account", ACCOUNT);
        String region = matching(event, "region", REGION);
        Instant time;
        try {
            time = Instant.parse(event.path("time").asText());
        } catch (DateTimeParseException e) {
            throw new UnusableEventException("time is not an ISO-8601 instant");
        }
        JsonNode detail = event.path("detail");
        JsonNode hook = detail.path("hook-detail");
        JsonNode target = detail.path("target-detail");
        String typeName = matching(hook, "hook-type-name", TYPE_NAME);
        String typeArn = optional(hook, "hook-type-arn", TYPE_ARN);
        String status = matching(detail, "status", WORD);
        String logicalId = matching(target, "target-id", LOGICAL_ID);
        String stackArn = null;
        for (JsonNode resource : event.path("resources")) {
            if (resource.isTextual() && STACK_ARN.matcher(resource.asText()).matches()) {
                stackArn = resource.asText();
                break;
            }
        }
        String reason = detail.path("status-reason").isTextual() ? detail.path("status-reason").asText() : "";
        if (reason.length() > MAX_REASON_CHARS) {
            reason = reason.substring(0, MAX_REASON_CHARS);
        }
        return new HookEvent(account, region, time, typeName, typeArn, optional(hook, "failure-mode", WORD),
                outcome(status), status, reason, logicalId, optional(target, "target-name", TYPE_NAME),
                optional(target, "target-action", WORD), optional(target, "target-invocation-point", WORD), stackArn);
    }

    static Outcome outcome(String status) {
        if (status.endsWith("FAILED")) {
            return Outcome.FAILED;
        }
        if (status.endsWith("SUCCEEDED")) {
            return Outcome.SUCCEEDED;
        }
        return Outcome.OTHER;
    }

    /** The partition of the account's ARNs ({@code aws}, {@code aws-cn}, {@code aws-us-gov}). */
    public String partition() {
        if (region.startsWith("cn-")) {
            return "aws-cn";
        }
        if (region.startsWith("us-gov-")) {
            return "aws-us-gov";
        }
        return "aws";
    }

    /** The hook type's ARN: the event's, or the ARN a private registration of the type has in this account. */
    public String typeArn() {
        return hookTypeArn != null ? hookTypeArn
                : "arn:" + partition() + ":cloudformation:" + region + ":" + account + ":type/hook/"
                + hookTypeName.replace("::", "-");
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new UnusableEventException(problem);
        }
    }

    private static String matching(JsonNode node, String field, Pattern pattern) {
        String value = optional(node, field, pattern);
        if (value == null) {
            throw new UnusableEventException(field + " is missing or malformed");
        }
        return value;
    }

    private static String optional(JsonNode node, String field, Pattern pattern) {
        JsonNode value = node.path(field);
        if (!value.isTextual()) {
            return null;
        }
        if (!pattern.matcher(value.asText()).matches()) {
            throw new UnusableEventException(field + " is malformed");
        }
        return value.asText();
    }
}
