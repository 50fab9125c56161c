package com.lambda.tracing.hook.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Fault injection for the embedded endpoint. Everything is off until a test (or {@code serve --fault ...}) turns it
 * on, and every fault fires by a deterministic {@link Trigger}.
 *
 * <p>Request faults (checked per HTTP request, optionally only for some operations, first match wins):
 * {@link RequestFault#THROTTLE} (400 ThrottlingException), {@link RequestFault#INTERNAL_ERROR} (500 InternalFailure),
 * {@link RequestFault#UNAVAILABLE} (503 ServiceUnavailable), {@link RequestFault#RESET} (TCP reset before any byte of
 * the answer), {@link RequestFault#CLOSE_MID_RESPONSE} (headers and half the body, then the connection closes),
 * {@link RequestFault#MALFORMED_JSON} (HTTP 200 with a body that is not JSON), plus added latency.
 *
 * <p>Evaluation faults (decided once per new evaluation, in start order): evaluation delay, evaluations that never
 * finish, that FAIL, that report unknown enum values in the summary, that SUCCEED without any result, and evaluations
 * the endpoint forgets (ResourceNotFoundException for an id it handed out).
 */
public final class Faults {
    /** Faults that replace the answer to one HTTP request. */
    public enum RequestFault {
        THROTTLE("throttle"), INTERNAL_ERROR("error500"), UNAVAILABLE("error503"), RESET("reset"),
        CLOSE_MID_RESPONSE("close"), MALFORMED_JSON("malformed");

        private final String spec;

        RequestFault(String spec) {
            this.spec = spec;
        }

        public String spec() {
            return spec;
        }
    }

    /** Faults decided once for each new evaluation. */
    public enum EvaluationFault {
        NEVER_FINISH("never-finish"), FAIL("fail"), UNKNOWN_ENUMS("unknown-enums"), NO_RESULTS("no-results"),
        FORGET("forget");

        private final String spec;

        EvaluationFault(String spec) {
            this.spec = spec;
        }

        public String spec() {
            return spec;
        }
    }

    private record RequestRule(RequestFault fault, Trigger trigger, Set<String> operations) {
        boolean applies(String operation) {
            return operations.isEmpty() || operations.contains(operation);
        }
    }

    private record LatencyRule(Duration latency, Set<String> operations) {
    }

    private final List<RequestRule> requestRules = new CopyOnWriteArrayList<>();
    private final List<LatencyRule> latencyRules = new CopyOnWriteArrayList<>();
    private final Trigger[] evaluationTriggers = new Trigger[EvaluationFault.values().length];
    private volatile Duration evaluationDelay = Duration.ZERO;

    public Faults() {
        reset();
    }

    /** Turns every fault off (evaluation delay back to zero). */
    public synchronized Faults reset() {
        requestRules.clear();
        latencyRules.clear();
        Arrays.fill(evaluationTriggers, Trigger.never());
        evaluationDelay = Duration.ZERO;
        return this;
    }

    /** Adds a request fault; with no operations it applies to all of them (names as in X-Amz-Target). */
    public Faults add(RequestFault fault, Trigger trigger, String... operations) {
        requestRules.add(new RequestRule(fault, trigger, Set.of(operations)));
        return this;
    }

    public Faults throttle(Trigger trigger, String... operations) {
        return add(RequestFault.THROTTLE, trigger, operations);
    }

    /** 500 InternalFailure or 503 ServiceUnavailable. */
    public Faults serverError(int status, Trigger trigger, String... operations) {
        if (status != 500 && status != 503) {
            throw new IllegalArgumentException("server errors are 500 or 503");
        }
        return add(status == 500 ? RequestFault.INTERNAL_ERROR : RequestFault.UNAVAILABLE, trigger, operations);
    }

    public Faults resetConnection(Trigger trigger, String... operations) {
        return add(RequestFault.RESET, trigger, operations);
    }

    public Faults closeMidResponse(Trigger trigger, String... operations) {
        return add(RequestFault.CLOSE_MID_RESPONSE, trigger, operations);
    }

    public Faults malformedJson(Trigger trigger, String... operations) {
        return add(RequestFault.MALFORMED_JSON, trigger, operations);
    }

    /** Delays every answer (to the given operations) by {@code latency} before it is written. */
    public Faults latency(Duration latency, String... operations) {
        latencyRules.add(new LatencyRule(latency, Set.of(operations)));
        return this;
    }

    /**
     * When an evaluation finishes, counted from its start: it stays IN_PROGRESS that long while its rules run, and its
     * results are recorded then (later only if the rule run itself takes longer). EvaluationTimeout still applies.
     */
    public Faults evaluationDelay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("negative evaluation delay");
        }
        this.evaluationDelay = delay;
        return this;
    }

    public synchronized Faults set(EvaluationFault fault, Trigger trigger) {
        evaluationTriggers[fault.ordinal()] = trigger;
        return this;
    }

    /** Evaluations that stay IN_PROGRESS forever (EvaluationTimeout is not honoured for them). */
    public Faults neverFinish(Trigger trigger) {
        return set(EvaluationFault.NEVER_FINISH, trigger);
    }

    /** Evaluations that end FAILED ("Internal error while evaluating the resource.") with INSUFFICIENT_DATA. */
    public Faults failEvaluations(Trigger trigger) {
        return set(EvaluationFault.FAIL, trigger);
    }

    /** Finished evaluations whose summary reports a Status and a Compliance value no SDK knows. */
    public Faults unknownEnums(Trigger trigger) {
        return set(EvaluationFault.UNKNOWN_ENUMS, trigger);
    }

    /** Evaluations that report SUCCEEDED / COMPLIANT while GetComplianceDetailsByResource returns no result. */
    public Faults succeedWithoutResults(Trigger trigger) {
        return set(EvaluationFault.NO_RESULTS, trigger);
    }

    /** Evaluations the endpoint forgets right after handing out their id (ResourceNotFoundException later). */
    public Faults forgetEvaluations(Trigger trigger) {
        return set(EvaluationFault.FORGET, trigger);
    }

    /**
     * Applies one textual fault setting, as {@code serve --fault} takes it:
     * {@code KIND[@Operation,Operation]=TRIGGER}, e.g. {@code throttle=every:3},
     * {@code error503@GetResourceEvaluationSummary=rate:0.2:7}, {@code never-finish=first:1}, {@code forget=always}.
     * Kinds: throttle, error500, error503, reset, close, malformed (request faults); never-finish, fail,
     * unknown-enums, no-results, forget (evaluation faults). A missing trigger means {@code always}.
     */
    public Faults apply(String spec) {
        String kindPart = spec;
        String triggerPart = "always";
        int eq = spec.indexOf('=');
        if (eq >= 0) {
            kindPart = spec.substring(0, eq);
            triggerPart = spec.substring(eq + 1);
        }
        String[] operations = new String[0];
        int at = kindPart.indexOf('@');
        if (at >= 0) {
            operations = Arrays.stream(kindPart.substring(at + 1).split(","))
                    .map(String::trim).filter(s -> !s.isEmpty()).toArray(String[]::new);
            kindPart = kindPart.substring(0, at);
        }
        String kind = kindPart.trim().toLowerCase(Locale.ROOT);
        Trigger trigger = Trigger.parse(triggerPart);
        for (RequestFault f : RequestFault.values()) {
            if (f.spec.equals(kind)) {
                return add(f, trigger, operations);
            }
        }
        for (EvaluationFault f : EvaluationFault.values()) {
            if (f.spec.equals(kind)) {
                if (operations.length > 0) {
                    throw new IllegalArgumentException("evaluation fault '" + kind + "' takes no @operations");
                }
                return set(f, trigger);
            }
        }
        List<String> kinds = new ArrayList<>();
        Arrays.stream(RequestFault.values()).forEach(f -> kinds.add(f.spec));
        Arrays.stream(EvaluationFault.values()).forEach(f -> kinds.add(f.spec));
        throw new IllegalArgumentException("unknown fault '" + kind + "' (expected one of " + kinds + ")");
    }

    /** Parses durations such as {@code 250ms}, {@code 2s}, {@code 1.5s} or a bare number of milliseconds. */
    public static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
            }
            if (t.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1).trim()) * 1000));
            }
            return Duration.ofMillis(Long.parseLong(t));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad duration '" + text + "' (expected e.g. 250ms or 2s)");
        }
    }

    RequestFault requestFault(String operation) {
        for (RequestRule rule : requestRules) {
            if (rule.applies(operation) && rule.trigger().fire()) {
                return rule.fault();
            }
        }
        return null;
    }

    Duration latency(String operation) {
        for (LatencyRule rule : latencyRules) {
            if (rule.operations().isEmpty() || rule.operations().contains(operation)) {
                return rule.latency();
            }
        }
        return Duration.ZERO;
    }

    Duration evaluationDelay() {
        return evaluationDelay;
    }

    boolean fires(EvaluationFault fault) {
        Trigger trigger;
        synchronized (this) {
            trigger = evaluationTriggers[fault.ordinal()];
        }
        return trigger.fire();
    }
}
