package com.lambda.tracing.hook.findings;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lambda.tracing.hook.evaluation.Masking;
import com.lambda.tracing.hook.rules.RuleCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;
import software.amazon.awssdk.services.securityhub.model.ComplianceStatus;
import software.amazon.awssdk.services.securityhub.model.ImportFindingsError;
import software.amazon.awssdk.services.securityhub.model.SecurityHubException;

/**
 * Entry point of the findings function ({@code notifications.yaml} routes this hook's failure and success events
 * here). A failure imports or updates the function's FAILED finding; a success turns an existing FAILED finding into
 * PASSED and resolves it. Every problem ends in one log line that says what was not written and why, and the
 * function returns normally: the SDK has retried what can be retried, and a Lambda retry of the whole event would
 * only repeat the same answer. The SNS notification does not depend on this function.
 */
public class FindingsHandler implements RequestStreamHandler {
    /** The only hook type this function acts on. */
    public static final String HOOK_TYPE = "Lambda::Tracing::Hook";
    /** EventBridge events are at most 256 KB; anything larger is not one. */
    static final int MAX_EVENT_BYTES = 256 * 1024;
    private static final Logger LOG = LogManager.getLogger(FindingsHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the function did with one event. */
    public enum Result { IMPORTED, RESOLVED, UNCHANGED, IGNORED, NOT_WRITTEN }

    private final SecurityHubFindings hub;
    private final HookResults results;
    private final Translator translator;

    /** Lambda's constructor: clients for the function's own Region and role. */
    public FindingsHandler() {
        this(FindingsClients.fromEnvironment(), RuleCatalog.bundled());
    }

    public FindingsHandler(FindingsClients clients, RuleCatalog catalog) {
        this.hub = new SecurityHubFindings(clients.securityHub());
        this.results = new HookResults(clients.cloudFormation());
        this.translator = new Translator(catalog);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        ObjectNode answer = JSON.createObjectNode();
        Result result;
        try {
            result = handle(read(input), answer);
        } catch (UnusableEventException e) {
            LOG.warn("findings: ignored an event that is not a usable hook invocation event: {}", e.getMessage());
            result = Result.IGNORED;
        } catch (RuntimeException e) {
            // Defensive: the paths above catch every SDK error; nothing may crash the function with a stack trace.
            LOG.error("findings: no finding written: unexpected {}: {}", e.getClass().getSimpleName(),
                    Masking.maskText(String.valueOf(e.getMessage())));
            result = Result.NOT_WRITTEN;
        }
        answer.put("result", result.name());
        output.write(JSON.writeValueAsBytes(answer));
    }

    private static JsonNode read(InputStream input) throws IOException {
        byte[] bytes = input.readNBytes(MAX_EVENT_BYTES + 1);
        if (bytes.length > MAX_EVENT_BYTES) {
            throw new UnusableEventException("the input is larger than an EventBridge event (256 KB)");
        }
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UnusableEventException("the input is not JSON");
        }
    }

    Result handle(JsonNode json, ObjectNode answer) {
        HookEvent event = HookEvent.from(json);
        if (!HOOK_TYPE.equals(event.hookTypeName())) {
            LOG.info("findings: ignored an event of hook type {}", event.hookTypeName());
            return Result.IGNORED;
        }
        if (event.outcome() == HookEvent.Outcome.OTHER) {
            LOG.info("findings: ignored status {} of {}", event.status(), event.logicalId());
            return Result.IGNORED;
        }
        String subject = event.logicalId() + (event.stackArn() == null ? "" : " in " + event.stackArn());
        try {
            return event.outcome() == HookEvent.Outcome.FAILED ? failed(event, answer) : succeeded(event, answer);
        } catch (HookResultUnavailableException e) {
            LOG.error("findings: no finding written for {}: cannot read the hook result: {}", subject, e.getMessage());
        } catch (CloudFormationException e) {
            LOG.error("findings: no finding written for {}: CloudFormation refused to return the hook result: {}."
                    + " The function's role needs cloudformation:ListHookResults and cloudformation:GetHookResult"
                    + " (and kms:Decrypt when the hook encrypts its results)", subject, describe(e));
        } catch (SecurityHubException e) {
            LOG.error("findings: no finding written for {}: {}", subject, securityHubProblem(e, event));
        } catch (SdkException e) {
            LOG.error("findings: no finding written for {}: {}", subject, describe(e));
        }
        return Result.NOT_WRITTEN;
    }

    private Result failed(HookEvent event, ObjectNode answer) {
        HookResult result = results.read(event);
        String id = Translator.findingId(event, result.stackArn());
        String product = Translator.productArn(event);
        answer.put("findingId", id);
        Optional<AwsSecurityFinding> existing = hub.find(id, product);
        if (existing.isPresent() && newerThan(existing.get(), event.time())) {
            LOG.info("findings: kept finding {}: it was updated after this event ({})", id, event.time());
            return Result.UNCHANGED;
        }
        Instant createdAt = existing.map(f -> instant(f.createdAt())).orElse(null);
        AwsSecurityFinding finding = translator.failed(event, result, createdAt);
        Optional<ImportFindingsError> error = hub.importFinding(finding);
        if (error.isPresent()) {
            LOG.error("findings: Security Hub did not import finding {}: {}", id, importProblem(error.get(), event));
            return Result.NOT_WRITTEN;
        }
        LOG.info("findings: {} finding {} (severity {}, rules {})", existing.isPresent() ? "updated" : "imported",
                id, finding.severity().labelAsString(), finding.compliance().relatedRequirements());
        return Result.IMPORTED;
    }

    private Result succeeded(HookEvent event, ObjectNode answer) {
        String stack = results.stackOf(event);
        String id = Translator.findingId(event, stack);
        String product = Translator.productArn(event);
        answer.put("findingId", id);
        Optional<AwsSecurityFinding> existing = hub.find(id, product);
        if (existing.isEmpty() || existing.get().compliance() == null
                || existing.get().compliance().status() != ComplianceStatus.FAILED) {
            LOG.info("findings: nothing to resolve for {}", id);
            return Result.UNCHANGED;
        }
        if (newerThan(existing.get(), event.time())) {
            LOG.info("findings: kept finding {}: it was updated after this event ({})", id, event.time());
            return Result.UNCHANGED;
        }
        Optional<ImportFindingsError> error = hub.importFinding(translator.passed(event, stack, existing.get()));
        if (error.isPresent()) {
            LOG.error("findings: Security Hub did not update finding {} to PASSED: {}", id,
                    importProblem(error.get(), event));
            return Result.NOT_WRITTEN;
        }
        Optional<String> unresolved = hub.resolve(id, product, "Resolved: " + event.logicalId() + " passed "
                + HOOK_TYPE + " at " + event.time());
        if (unresolved.isPresent()) {
            LOG.error("findings: finding {} is PASSED but its workflow stays open: {}", id,
                    Masking.maskText(unresolved.get()));
            return Result.NOT_WRITTEN;
        }
        LOG.info("findings: resolved finding {}", id);
        return Result.RESOLVED;
    }

    private static boolean newerThan(AwsSecurityFinding finding, Instant time) {
        Instant updatedAt = instant(finding.updatedAt());
        return updatedAt != null && updatedAt.isAfter(time);
    }

    /** An ASFF timestamp (RFC 3339, with Z or an offset); null when absent or unreadable. */
    static Instant instant(String timestamp) {
        if (timestamp == null) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(timestamp).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private static String securityHubProblem(SecurityHubException e, HookEvent event) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        if ("InvalidAccessException".equals(code) || e.statusCode() == 401) {
            return notEnabled(event) + " (" + describe(e) + ")";
        }
        if (e.isThrottlingException()) {
            return "Security Hub throttled the call (" + describe(e) + "); the next deployment of the function writes"
                    + " the finding";
        }
        if ("AccessDeniedException".equals(code) || e.statusCode() == 403) {
            return "the function's role may not call Security Hub (" + describe(e) + "): deploy notifications.yaml"
                    + " again to restore its policy";
        }
        return describe(e);
    }

    private static String importProblem(ImportFindingsError error, HookEvent event) {
        String detail = error.errorCode() + ": " + Masking.maskText(String.valueOf(error.errorMessage()));
        return "InvalidAccess".equals(error.errorCode()) ? notEnabled(event) + " (" + detail + ")" : detail;
    }

    private static String notEnabled(HookEvent event) {
        return "Security Hub is not enabled for account " + event.account() + " in " + event.region()
                + ": enable it (aws securityhub enable-security-hub --region " + event.region()
                + ") to receive findings; the SNS notification is sent either way";
    }

    private static String describe(SdkException e) {
        StringBuilder text = new StringBuilder();
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            text.append(service.awsErrorDetails().errorCode()).append(" (HTTP ").append(service.statusCode())
                    .append(") ").append(Masking.maskText(String.valueOf(service.awsErrorDetails().errorMessage())));
        } else {
            text.append(e.getClass().getSimpleName()).append(' ').append(Masking.maskText(String.valueOf(e.getMessage())));
        }
        if (e.numAttempts() != null) {
            text.append(", after ").append(e.numAttempts()).append(e.numAttempts() == 1 ? " attempt" : " attempts");
        }
        return text.toString();
    }
}
