package com.lambda.tracing.hook.findings;

import com.lambda.tracing.hook.evaluation.Masking;
import com.lambda.tracing.hook.rules.RuleCatalog;
import com.lambda.tracing.hook.rules.RuleDefinition;
import com.lambda.tracing.hook.rules.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;
import software.amazon.awssdk.services.securityhub.model.Compliance;
import software.amazon.awssdk.services.securityhub.model.ComplianceStatus;
import software.amazon.awssdk.services.securityhub.model.FindingProviderFields;
import software.amazon.awssdk.services.securityhub.model.FindingProviderSeverity;
import software.amazon.awssdk.services.securityhub.model.Recommendation;
import software.amazon.awssdk.services.securityhub.model.RecordState;
import software.amazon.awssdk.services.securityhub.model.Remediation;
import software.amazon.awssdk.services.securityhub.model.Resource;
import software.amazon.awssdk.services.securityhub.model.ResourceDetails;
import software.amazon.awssdk.services.securityhub.model.SeverityLabel;

/**
 * Hook event and hook result → ASFF finding. One finding per account, Region, stack name and logical id: its
 * {@link #findingId} does not change between deployments (nor when a deleted stack is created again under the same
 * name), so a redeploy updates the finding instead of adding one.
 */
public final class Translator {
    public static final String SCHEMA_VERSION = "2018-10-08";
    public static final String TYPE = "Software and Configuration Checks/AWS Security Best Practices";
    public static final String RESOURCE_TYPE = "AWS::Lambda::Function";
    /** ASFF limits (AwsSecurityFinding in the Security Hub API reference). */
    static final int MAX_TITLE = 256;
    static final int MAX_DESCRIPTION = 1024;
    static final int MAX_RECOMMENDATION = 512;
    static final int MAX_REQUIREMENTS = 32;
    static final int MAX_DETAIL_VALUE = 1024;

    private final RuleCatalog catalog;

    public Translator(RuleCatalog catalog) {
        this.catalog = catalog;
    }

    /** The finding's identifier: stable per account, Region, stack name and logical id. */
    public static String findingId(HookEvent event, String stackArn) {
        return "lambda-tracing-hook/" + event.account() + "/" + event.region() + "/" + stackName(stackArn) + "/"
                + event.logicalId();
    }

    /** Findings a customer account imports itself go to its own default product. */
    public static String productArn(HookEvent event) {
        return "arn:" + event.partition() + ":securityhub:" + event.region() + ":" + event.account() + ":product/"
                + event.account() + "/default";
    }

    /** The stack name inside a stack ARN ({@code arn:...:stack/NAME/uuid}). */
    static String stackName(String stackArn) {
        String rest = stackArn.substring(stackArn.indexOf(":stack/") + ":stack/".length());
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    /** The console page of the stack's events. */
    public static String stackEventsUrl(HookEvent event, String stackArn) {
        String host = event.partition().equals("aws-cn") ? "console.amazonaws.cn"
                : event.partition().equals("aws-us-gov") ? "console.amazonaws-us-gov.com" : "console.aws.amazon.com";
        return "https://" + host + "/cloudformation/home?region=" + event.region() + "#/stacks/events?stackId="
                + java.net.URLEncoder.encode(stackArn, java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * The FAILED finding for a blocked function.
     *
     * @param createdAt when the finding was first created (kept across updates), or null for a new finding
     */
    public AwsSecurityFinding failed(HookEvent event, HookResult result, Instant createdAt) {
        // Most severe first (with the catalog's severity where the annotation has none), then by name.
        List<HookResult.Annotation> failing = result.failing().stream()
                .sorted(java.util.Comparator.comparingInt((HookResult.Annotation a) -> severity(a).ordinal())
                        .thenComparing(HookResult.Annotation::name))
                .toList();
        Severity severity = mostSevere(failing);
        String stack = stackName(result.stackArn());
        String verb = "WARN".equals(event.failureMode()) ? "flagged" : "blocked";
        String title = "Lambda function " + event.logicalId() + " in stack " + stack + " " + verb + " by "
                + event.hookTypeName();
        StringBuilder description = new StringBuilder();
        description.append(event.hookTypeName()).append(' ').append(verb).append(' ')
                .append(event.targetAction() == null ? "the deployment" : event.targetAction())
                .append(" of ").append(RESOURCE_TYPE).append(' ').append(event.logicalId()).append(" in stack ")
                .append(stack);
        if (failing.isEmpty()) {
            String reason = result.statusReason() != null && !result.statusReason().isBlank() ? result.statusReason()
                    : Masking.maskText(event.statusReason());
            description.append(" without naming a failing rule: ").append(reason);
        } else {
            description.append(". Failing rules:");
            for (HookResult.Annotation a : failing) {
                description.append("\n- [").append(severity(a).name()).append("] ").append(a.name());
                if (a.message() != null && !a.message().isBlank()) {
                    description.append(": ").append(a.message().strip());
                }
            }
        }
        List<String> requirements = new ArrayList<>();
        for (HookResult.Annotation a : failing) {
            if (requirements.size() < MAX_REQUIREMENTS && !requirements.contains(a.name())) {
                requirements.add(a.name());
            }
        }
        Instant updatedAt = event.time();
        return base(event, result.stackArn(), createdAt == null ? updatedAt : createdAt, updatedAt)
                .title(cut(title, MAX_TITLE))
                .description(cut(description.toString(), MAX_DESCRIPTION))
                .severity(s -> s.label(label(severity)))
                .findingProviderFields(providerFields(label(severity)))
                .remediation(remediation(failing))
                .compliance(Compliance.builder().status(ComplianceStatus.FAILED)
                        .relatedRequirements(requirements.isEmpty() ? List.of(event.hookTypeName()) : requirements)
                        .build())
                .recordState(RecordState.ACTIVE)
                .resources(resources(event, result.stackArn()))
                .productFields(productFields(event, result))
                .build();
    }

    /** The PASSED update of a finding whose function now passes the hook. */
    public AwsSecurityFinding passed(HookEvent event, String stackArn, AwsSecurityFinding existing) {
        String stack = stackName(stackArn);
        List<String> requirements = existing.compliance() != null && existing.compliance().hasRelatedRequirements()
                ? existing.compliance().relatedRequirements() : List.of(event.hookTypeName());
        String description = event.hookTypeName() + " let " + (event.targetAction() == null ? "the deployment"
                : event.targetAction()) + " of " + RESOURCE_TYPE + " " + event.logicalId() + " in stack " + stack
                + " through at " + event.time() + ": the rules that failed before (" + String.join(", ", requirements)
                + ") pass now.";
        Instant createdAt = FindingsHandler.instant(existing.createdAt());
        return base(event, stackArn, createdAt == null ? event.time() : createdAt, event.time())
                .title(cut("Lambda function " + event.logicalId() + " in stack " + stack + " passes "
                        + event.hookTypeName(), MAX_TITLE))
                .description(cut(description, MAX_DESCRIPTION))
                .severity(s -> s.label(SeverityLabel.INFORMATIONAL))
                .findingProviderFields(providerFields(SeverityLabel.INFORMATIONAL))
                .remediation(existing.remediation())
                .compliance(Compliance.builder().status(ComplianceStatus.PASSED).relatedRequirements(requirements)
                        .build())
                .recordState(RecordState.ACTIVE)
                .resources(resources(event, stackArn))
                .build();
    }

    private AwsSecurityFinding.Builder base(HookEvent event, String stackArn, Instant createdAt, Instant updatedAt) {
        return AwsSecurityFinding.builder()
                .schemaVersion(SCHEMA_VERSION)
                .id(findingId(event, stackArn))
                .productArn(productArn(event))
                .generatorId(event.hookTypeName())
                .awsAccountId(event.account())
                .types(TYPE)
                .createdAt(createdAt.toString())
                .updatedAt(updatedAt.toString())
                .sourceUrl(stackEventsUrl(event, stackArn));
    }

    private static FindingProviderFields providerFields(SeverityLabel label) {
        // After creation Security Hub takes severity and types from FindingProviderFields, not the top level.
        return FindingProviderFields.builder()
                .severity(FindingProviderSeverity.builder().label(label).build())
                .types(TYPE)
                .build();
    }

    private Remediation remediation(List<HookResult.Annotation> failing) {
        StringBuilder text = new StringBuilder();
        String url = null;
        for (HookResult.Annotation a : failing) {
            Optional<RuleDefinition> rule = catalog.find(a.name());
            String fix = rule.map(RuleDefinition::fix).orElse(a.remediation());
            String link = rule.map(RuleDefinition::link).orElse(a.link());
            if (url == null && link != null && link.startsWith("https://")) {
                url = link;
            }
            if (fix != null && !fix.isBlank()) {
                text.append(text.length() == 0 ? "" : " ").append(a.name()).append(": ").append(fix.strip());
            }
        }
        if (text.length() == 0) {
            text.append("Read the hook's message in the stack events and the hook's log group, fix the function's"
                    + " properties, and deploy again.");
        }
        return Remediation.builder().recommendation(Recommendation.builder()
                .text(cut(text.toString(), MAX_RECOMMENDATION)).url(url).build()).build();
    }

    private static List<Resource> resources(HookEvent event, String stackArn) {
        Map<String, String> function = new LinkedHashMap<>();
        function.put("LogicalResourceId", event.logicalId());
        function.put("ResourceType", event.targetTypeName() == null ? RESOURCE_TYPE : event.targetTypeName());
        function.put("StackName", stackName(stackArn));
        if (event.targetAction() != null) {
            function.put("Action", event.targetAction());
        }
        return List.of(
                Resource.builder().type("AwsCloudFormationStack").id(stackArn).partition(event.partition())
                        .region(event.region()).build(),
                // The function was stopped before it existed, so it has no ARN: it is named by stack and logical id.
                Resource.builder().type("Other").id(stackArn + "/" + event.logicalId()).partition(event.partition())
                        .region(event.region()).details(ResourceDetails.builder().other(function).build()).build());
    }

    private static Map<String, String> productFields(HookEvent event, HookResult result) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("HookResultId", result.hookResultId());
        fields.put("HookStatus", result.status() == null ? event.status() : result.status());
        if (event.invocationPoint() != null) {
            fields.put("InvocationPoint", event.invocationPoint());
        }
        if (event.failureMode() != null) {
            fields.put("FailureMode", event.failureMode());
        }
        fields.replaceAll((k, v) -> cut(v, MAX_DETAIL_VALUE));
        return fields;
    }

    private Severity mostSevere(List<HookResult.Annotation> failing) {
        Severity most = null;
        for (HookResult.Annotation a : failing) {
            Severity s = severity(a);
            if (most == null || s.ordinal() < most.ordinal()) {
                most = s;
            }
        }
        // A block without a failing rule (an indeterminate outcome) still stopped a deployment.
        return most == null ? Severity.MEDIUM : most;
    }

    /** The annotation's severity, else the catalog's, else MEDIUM (an unrated rule is not treated as harmless). */
    private Severity severity(HookResult.Annotation a) {
        if (a.severity() != null) {
            return a.severity();
        }
        return catalog.find(a.name()).map(RuleDefinition::severity).orElse(Severity.MEDIUM);
    }

    private static SeverityLabel label(Severity severity) {
        return SeverityLabel.fromValue(severity.name());
    }

    static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, max - 1) + "…";
    }
}
