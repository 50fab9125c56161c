package com.lambda.tracing.hook;

import com.lambda.tracing.hook.common.Text;
import com.lambda.tracing.hook.evaluation.DecisionLog;
import com.lambda.tracing.hook.evaluation.EvaluationBudget;
import com.lambda.tracing.hook.evaluation.EvaluationProgress;
import com.lambda.tracing.hook.evaluation.EvaluationSettings;
import com.lambda.tracing.hook.evaluation.EvaluationTarget;
import com.lambda.tracing.hook.evaluation.Masking;
import com.lambda.tracing.hook.evaluation.Outcome;
import com.lambda.tracing.hook.evaluation.Outcome.Decision;
import com.lambda.tracing.hook.evaluation.Outcome.Pending;
import com.lambda.tracing.hook.evaluation.ProactiveEvaluator;
import com.lambda.tracing.hook.evaluation.RuleResult;
import com.lambda.tracing.hook.evaluation.Sleeper;
import com.lambda.tracing.hook.evaluation.Verdicts;
import com.lambda.tracing.hook.rules.RuleCatalog;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.cloudformation.exceptions.CfnUnsupportedTargetException;
import software.amazon.cloudformation.proxy.AmazonWebServicesClientProxy;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.Logger;
import software.amazon.cloudformation.proxy.OperationStatus;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.cloudformation.proxy.hook.HookAnnotation;
import software.amazon.cloudformation.proxy.hook.HookAnnotationSeverityLevel;
import software.amazon.cloudformation.proxy.hook.HookAnnotationStatus;
import software.amazon.cloudformation.proxy.hook.HookContext;
import software.amazon.cloudformation.proxy.hook.HookHandlerRequest;
import software.amazon.cloudformation.proxy.hook.targetmodel.HookTargetModel;

/**
 * What preCreate and preUpdate share: check the target, read the type configuration, run the proactive evaluation,
 * and answer CloudFormation. Every answer writes one decision line to the log.
 */
abstract class LambdaFunctionHookHandler extends BaseHookHandler<CallbackContext, TypeConfigurationModel> {
    static final String TARGET_TYPE = "AWS::Lambda::Function";
    static final String TYPE_NAME = "Lambda::Tracing::Hook";

    /** CloudFormation's limits on annotation fields. */
    static final int MAX_ANNOTATION_NAME = 1024;
    static final int MAX_ANNOTATION_TEXT = 16384;
    static final int MAX_ANNOTATION_LINK = 5120;

    /** What a handler works with: {@link #standard()} in Lambda, fakes in tests. */
    record Dependencies(Supplier<ConfigClient> clients, Clock clock, Sleeper sleeper, Supplier<RuleCatalog> catalog) {
        static Dependencies standard() {
            return new Dependencies(ClientBuilder::getClient, Clock.systemUTC(), Sleeper.SYSTEM, RuleCatalog::bundled);
        }
    }

    /** The invocation point this handler serves, as the log names it. */
    private final String invocationPoint;
    private final Supplier<ConfigClient> clients;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Supplier<RuleCatalog> catalog;

    LambdaFunctionHookHandler(String invocationPoint, Dependencies dependencies) {
        this.invocationPoint = invocationPoint;
        this.clients = dependencies.clients();
        this.clock = dependencies.clock();
        this.sleeper = dependencies.sleeper();
        this.catalog = dependencies.catalog();
    }

    @Override
    public ProgressEvent<HookTargetModel, CallbackContext> handleRequest(
            AmazonWebServicesClientProxy proxy,
            HookHandlerRequest request,
            CallbackContext callbackContext,
            Logger logger,
            TypeConfigurationModel typeConfiguration) {
        long start = clock.millis();
        HookContext context = request == null ? null : request.getHookContext();
        String targetName = context == null ? null : context.getTargetName();
        String stackId = context == null ? null : context.getStackId();
        String logicalId = context == null ? null : context.getTargetLogicalId();
        int reinvocations = callbackContext == null ? 0 : callbackContext.reinvocations();

        if (!TARGET_TYPE.equals(targetName)) {
            log(logger, own(stackId, logicalId, targetName, "UNSUPPORTED_TARGET", false, null, reinvocations, start));
            throw new CfnUnsupportedTargetException(
                    context == null || context.getHookTypeName() == null ? TYPE_NAME : context.getHookTypeName(),
                    String.valueOf(targetName));
        }
        try {
            EvaluationSettings settings;
            try {
                settings = HookSettings.from(typeConfiguration);
            } catch (HookSettings.InvalidSetting e) {
                log(logger, own(stackId, logicalId, targetName, "INVALID_CONFIGURATION", false, e.getMessage(), reinvocations, start));
                return failed(HandlerErrorCode.InvalidTypeConfiguration,
                        "Invalid type configuration for " + TYPE_NAME + ": " + e.getMessage());
            }
            if (proxy == null) {
                String message = TYPE_NAME + " received no caller credentials, so it cannot call AWS Config. Register the "
                        + "hook with its execution role (hook-role.yaml; 'cfn submit' creates it, or pass --role-arn) "
                        + "granting config:StartResourceEvaluation, config:GetResourceEvaluationSummary, "
                        + "config:GetComplianceDetailsByResource and cloudformation:DescribeType.";
                log(logger, own(stackId, logicalId, targetName, "NO_CREDENTIALS", false, message, reinvocations, start));
                return failed(HandlerErrorCode.InvalidCredentials, message);
            }
            Map<String, Object> properties = resourceProperties(context.getTargetModel());
            if (properties == null) {
                String message = "The hook request for '" + logicalId + "' carries no resourceProperties to evaluate.";
                log(logger, own(stackId, logicalId, targetName, "INVALID_REQUEST", false, message, reinvocations, start));
                return failed(HandlerErrorCode.InvalidRequest, message);
            }
            EvaluationTarget target = new EvaluationTarget(request.getClientRequestToken(), stackId, logicalId,
                    invocationPoint, targetName, properties);
            EvaluationProgress progress = callbackContext == null || callbackContext.evaluationId() == null
                    ? null : callbackContext.toProgress();

            ProactiveEvaluator evaluator = new ProactiveEvaluator(clients.get(), proxy::injectCredentialsAndInvokeV2,
                    clock, sleeper, new Verdicts(catalog.get()));
            ProactiveEvaluator.Run run = evaluator.evaluate(target, progress, settings);
            Outcome outcome = run.outcome();
            int runs = outcome instanceof Pending p ? p.progress().reinvocations() : reinvocations;
            boolean started = progress == null;
            log(logger, DecisionLog.line(DecisionLog.of(target, outcome, runs, clock.millis() - start,
                    started ? run.codeShortened() : null, started ? run.configurationChars() : null),
                    EvaluationBudget.of(settings)));
            return answer(outcome, settings);
        } catch (RuntimeException e) {
            // The response must never carry a stack trace; the class and (masked) message say enough to start with.
            String message = TYPE_NAME + " failed unexpectedly while evaluating '" + logicalId + "': "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + Masking.maskText(e.getMessage()));
            message = Text.shorten(message, Verdicts.MAX_MESSAGE_CHARS);
            log(logger, own(stackId, logicalId, targetName, "ERROR", false, message, reinvocations, start));
            return failed(HandlerErrorCode.InternalFailure, message);
        }
    }

    private ProgressEvent<HookTargetModel, CallbackContext> answer(Outcome outcome, EvaluationSettings settings) {
        if (outcome instanceof Pending pending) {
            return ProgressEvent.<HookTargetModel, CallbackContext>builder()
                    .status(OperationStatus.IN_PROGRESS)
                    .message(pending.message())
                    .callbackContext(CallbackContext.of(pending.progress()))
                    .callbackDelaySeconds(settings.callbackDelaySeconds())
                    .build();
        }
        Decision decision = (Decision) outcome;
        List<HookAnnotation> annotations = annotations(decision.results());
        if (decision.allowed()) {
            return ProgressEvent.<HookTargetModel, CallbackContext>builder()
                    .status(OperationStatus.SUCCESS)
                    .message(decision.message())
                    .annotations(annotations.isEmpty() ? null : annotations)
                    .build();
        }
        return ProgressEvent.<HookTargetModel, CallbackContext>builder()
                .status(OperationStatus.FAILED)
                .errorCode(HandlerErrorCode.NonCompliant)
                .message(decision.message())
                .annotations(annotations.isEmpty() ? null : annotations)
                .build();
    }

    static List<HookAnnotation> annotations(List<RuleResult> results) {
        List<HookAnnotation> annotations = new ArrayList<>();
        for (RuleResult r : results) {
            annotations.add(HookAnnotation.builder()
                    .annotationName(limit(r.ruleName(), MAX_ANNOTATION_NAME))
                    .status(HookAnnotationStatus.valueOf(r.status().name()))
                    .statusMessage(limit(r.statusMessage(), MAX_ANNOTATION_TEXT))
                    .remediationMessage(r.status() == RuleResult.Status.PASSED ? null : limit(r.remediation(), MAX_ANNOTATION_TEXT))
                    .remediationLink(limit(r.link(), MAX_ANNOTATION_LINK))
                    .severityLevel(r.severity() == null ? null : HookAnnotationSeverityLevel.valueOf(r.severity().name()))
                    .build());
        }
        return annotations;
    }

    /** Annotation fields must be 1 character or more: an empty value is left out instead. */
    private static String limit(String text, int max) {
        if (text == null || text.isBlank()) {
            return null;
        }
        return Text.shorten(text, max);
    }

    /**
     * The function's properties. CloudFormation and the contract tests send {@code resourceProperties}; the raw map
     * is case-sensitive, so the capitalised spelling is accepted too.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> resourceProperties(HookTargetModel model) {
        if (model == null || model.getTargetModel() == null) {
            return null;
        }
        Object value = model.getTargetModel().get("resourceProperties");
        if (value == null) {
            value = model.getTargetModel().get("ResourceProperties");
        }
        if (value instanceof Map<?, ?> map) {
            return new LinkedHashMap<>((Map<String, Object>) map);
        }
        return null;
    }

    private static ProgressEvent<HookTargetModel, CallbackContext> failed(HandlerErrorCode code, String message) {
        return ProgressEvent.<HookTargetModel, CallbackContext>builder()
                .status(OperationStatus.FAILED)
                .errorCode(code)
                .message(message)
                .build();
    }

    private String own(String stackId, String logicalId, String targetType, String verdict, boolean allowed, String detail,
                       int reinvocations, long start) {
        return DecisionLog.line(new DecisionLog.Entry(stackId, logicalId, invocationPoint, targetType, null, verdict,
                allowed, null, detail, List.of(), reinvocations, clock.millis() - start, null, null, null));
    }

    private static void log(Logger logger, String line) {
        if (logger != null) {
            logger.log(line);
        }
    }
}
