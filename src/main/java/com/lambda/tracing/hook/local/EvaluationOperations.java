package com.lambda.tracing.hook.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.services.config.model.ComplianceType;
import software.amazon.awssdk.services.config.model.EvaluationMode;
import software.amazon.awssdk.services.config.model.ResourceConfigurationSchemaType;

/**
 * The resource-evaluation API group of the embedded endpoint: StartResourceEvaluation, GetResourceEvaluationSummary,
 * GetComplianceDetailsByResource and ListResourceEvaluations. Each operation validates its input as Config does
 * ({@link Validator}), then reads or changes the {@link EvaluationStore}.
 */
final class EvaluationOperations {
    static final List<String> PROACTIVE_TYPES = List.of("AWS::ApiGateway::Stage", "AWS::AutoScaling::AutoScalingGroup",
            "AWS::EC2::EIP", "AWS::EC2::Instance", "AWS::EC2::Subnet", "AWS::Elasticsearch::Domain",
            "AWS::Lambda::Function", "AWS::RDS::DBInstance", "AWS::Redshift::Cluster", "AWS::S3::Bucket",
            "AWS::SNS::Topic");
    static final List<String> MODES = Validator.values(EvaluationMode.knownValues());
    private static final List<String> COMPLIANCE = Validator.values(ComplianceType.knownValues());

    private final EndpointSettings settings;
    private final EvaluationStore store;
    private final ConfigRules rules;
    private final EvaluationEngine engine;
    private final Faults faults;
    private final EndpointStats stats;

    EvaluationOperations(EndpointSettings settings, EvaluationStore store, ConfigRules rules, EvaluationEngine engine,
                         Faults faults, EndpointStats stats) {
        this.settings = settings;
        this.store = store;
        this.rules = rules;
        this.engine = engine;
        this.faults = faults;
        this.stats = stats;
    }

    // ------------------------------------------------------------------ StartResourceEvaluation

    JsonNode startResourceEvaluation(ObjectNode in) {
        Validator v = new Validator();
        JsonNode details = v.structure(in, "ResourceDetails", "resourceDetails", true);
        String resourceId = v.string(details, "ResourceId", "resourceDetails.resourceId", details != null, 1, 768);
        String resourceType = v.string(details, "ResourceType", "resourceDetails.resourceType", details != null, 1, 256);
        String configuration = v.string(details, "ResourceConfiguration", "resourceDetails.resourceConfiguration",
                details != null, 1, 51200);
        String schemaType = v.enumeration(details, "ResourceConfigurationSchemaType",
                "resourceDetails.resourceConfigurationSchemaType", false, Validator.values(ResourceConfigurationSchemaType.knownValues()));
        JsonNode context = v.structure(in, "EvaluationContext", "evaluationContext", false);
        String contextId = v.string(context, "EvaluationContextIdentifier",
                "evaluationContext.evaluationContextIdentifier", false, 1, 128);
        String mode = v.enumeration(in, "EvaluationMode", "evaluationMode", true, MODES);
        Integer timeout = v.integer(in, "EvaluationTimeout", "evaluationTimeout", false, 0, 3600);
        String token = v.string(in, "ClientToken", "clientToken", false, 64, 256);
        v.finish();

        if (!"PROACTIVE".equals(mode)) {
            throw ApiException.invalidParameter("The evaluation mode " + mode
                    + " is not supported for StartResourceEvaluation. The only valid value is PROACTIVE.");
        }
        if (!PROACTIVE_TYPES.contains(resourceType)) {
            throw ApiException.invalidParameter("The resource type " + resourceType
                    + " is invalid. Only the following values are permitted: " + PROACTIVE_TYPES);
        }
        JsonNode properties;
        try {
            properties = Json.MAPPER.readTree(configuration);
        } catch (IOException e) {
            if (Json.tooDeep(e)) {
                throw ApiException.invalidParameter("The ResourceConfiguration of " + resourceId + " is nested too "
                        + "deeply (more than " + Json.MAX_DEPTH + " levels of objects and arrays) to be evaluated.");
            }
            properties = null;
        }
        if (properties == null || !properties.isObject()) {
            throw ApiException.invalidParameter("The ResourceConfiguration of " + resourceId
                    + " is not a valid JSON object for schema type CFN_RESOURCE_SCHEMA.");
        }
        if (settings.schemaCheck()) {
            List<String> problems = ConfigurationItems.schemaProblems(resourceType, properties);
            if (!problems.isEmpty()) {
                throw ApiException.invalidParameter("The ResourceConfiguration of " + resourceId
                        + " does not match the CloudFormation resource schema of " + resourceType + ": "
                        + String.join("; ", problems));
            }
        }
        ObjectNode canonical = canonicalStart(resourceId, resourceType, configuration, schemaType, contextId, mode, timeout);
        synchronized (store) {
            if (token != null) {
                Evaluation existing = store.byToken(token);
                if (existing != null) {
                    if (!existing.canonicalRequest.equals(canonical)) {
                        throw ApiException.client("IdempotentParameterMismatch", "Using the same client token with one "
                                + "or more different parameters. Specify a new client token with the parameter "
                                + "changes and try again.");
                    }
                    return Json.object().put("ResourceEvaluationId", existing.id);
                }
            }
            if (!store.makeRoom()) {
                throw ApiException.client("ThrottlingException",
                        "Too many resource evaluations in progress. Try again after some of them finish.");
            }
            List<ConfigRules.StoredRule> applicable = rules.applicable(resourceType, resourceId, properties);
            Evaluation e = new Evaluation(UUID.randomUUID().toString(), store.nextSequence(), resourceId, resourceType,
                    configuration, schemaType, contextId, mode, timeout == null ? 0 : timeout,
                    System.currentTimeMillis(), token, canonical, properties, applicable,
                    faults.fires(Faults.EvaluationFault.NEVER_FINISH), faults.fires(Faults.EvaluationFault.FAIL),
                    faults.fires(Faults.EvaluationFault.UNKNOWN_ENUMS), faults.fires(Faults.EvaluationFault.NO_RESULTS),
                    faults.fires(Faults.EvaluationFault.FORGET));
            stats.created(store.add(e));
            engine.submit(e);
            return Json.object().put("ResourceEvaluationId", e.id);
        }
    }

    /**
     * The request as ClientToken idempotency compares it: only the members the API defines, with their defaults
     * filled in (schema type CFN_RESOURCE_SCHEMA; an EvaluationTimeout of 0 or none means Config's 900 seconds), so
     * a retry that adds an unknown member or spells out a default is the same request.
     */
    private static ObjectNode canonicalStart(String resourceId, String resourceType, String configuration,
                                             String schemaType, String contextId, String mode, Integer timeout) {
        ObjectNode c = Json.object();
        c.putObject("ResourceDetails").put("ResourceId", resourceId).put("ResourceType", resourceType)
                .put("ResourceConfiguration", configuration)
                .put("ResourceConfigurationSchemaType", schemaType == null ? "CFN_RESOURCE_SCHEMA" : schemaType);
        if (contextId != null) {
            c.putObject("EvaluationContext").put("EvaluationContextIdentifier", contextId);
        }
        c.put("EvaluationMode", mode);
        c.put("EvaluationTimeout", timeout == null || timeout == 0 ? Evaluation.DEFAULT_TIMEOUT_SECONDS : timeout);
        return c;
    }

    // ------------------------------------------------------------------ GetResourceEvaluationSummary

    JsonNode getResourceEvaluationSummary(ObjectNode in) {
        Validator v = new Validator();
        String id = v.string(in, "ResourceEvaluationId", "resourceEvaluationId", true, 1, 128);
        v.finish();
        Evaluation e = store.get(id);
        if (e == null || e.forgotten) {
            throw ApiException.client("ResourceNotFoundException", "Resource evaluation " + id + " does not exist.");
        }
        ObjectNode out = Json.object();
        out.put("ResourceEvaluationId", e.id);
        out.put("EvaluationMode", e.mode);
        Evaluation.Status status = e.status();
        if (status == Evaluation.Status.IN_PROGRESS && settings.summaryHoldMillis() > 0 && !e.neverFinish) {
            try {
                status = e.awaitEnd(settings.summaryHoldMillis());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        ObjectNode st = out.putObject("EvaluationStatus");
        boolean odd = e.unknownEnums && status != Evaluation.Status.IN_PROGRESS;
        st.put("Status", odd ? "PARTIALLY_SUCCEEDED" : status.name());
        if (e.failureReason() != null) {
            st.put("FailureReason", e.failureReason());
        }
        out.put("EvaluationStartTimestamp", Json.epochSeconds(e.startMillis));
        if (status != Evaluation.Status.IN_PROGRESS) {
            out.put("Compliance", odd ? "PARTIALLY_COMPLIANT" : e.compliance());
        }
        if (e.contextId != null) {
            out.putObject("EvaluationContext").put("EvaluationContextIdentifier", e.contextId);
        }
        ObjectNode d = out.putObject("ResourceDetails");
        d.put("ResourceId", e.resourceId);
        d.put("ResourceType", e.resourceType);
        d.put("ResourceConfiguration", e.resourceConfiguration);
        if (e.schemaType != null) {
            d.put("ResourceConfigurationSchemaType", e.schemaType);
        }
        return out;
    }

    // ------------------------------------------------------------------ GetComplianceDetailsByResource

    JsonNode getComplianceDetailsByResource(ObjectNode in) {
        Validator v = new Validator();
        String type = v.string(in, "ResourceType", "resourceType", false, 1, 256);
        String resourceId = v.string(in, "ResourceId", "resourceId", false, 1, 768);
        Set<String> filter = new LinkedHashSet<>(v.strings(in, "ComplianceTypes", "complianceTypes", 3, COMPLIANCE::contains,
                "Member must satisfy enum value set: [" + String.join(", ", COMPLIANCE) + "]"));
        String token = v.string(in, "NextToken", "nextToken", false, 0, Integer.MAX_VALUE);
        String evaluationId = v.string(in, "ResourceEvaluationId", "resourceEvaluationId", false, 1, 128);
        Integer limit = v.integer(in, "Limit", "limit", false, 0, 100);
        v.finish();
        if (evaluationId == null && (type == null || resourceId == null)) {
            throw ApiException.invalidParameter("You must specify either a ResourceEvaluationId, or a ResourceType and a ResourceId.");
        }
        if (evaluationId != null && (type != null || resourceId != null)) {
            throw ApiException.invalidParameter("Specify either a ResourceEvaluationId, or a ResourceType and a ResourceId, not both.");
        }
        if (filter.contains("INSUFFICIENT_DATA")) {
            throw ApiException.invalidParameter("INSUFFICIENT_DATA cannot be used as a ComplianceType for filtering results.");
        }
        String query = evaluationId + "|" + type + "|" + resourceId + "|" + filter;
        int offset = 0;
        if (token != null) {
            String cursor = PageToken.cursor(token, "GetComplianceDetailsByResource", query);
            if (cursor == null) {
                throw ApiException.invalidParameter("The nextToken provided is invalid.");
            }
            offset = Integer.parseInt(cursor);
        }
        List<Evaluation.Result> results = new ArrayList<>();
        Evaluation e = evaluationId == null ? null : store.get(evaluationId);
        if (e != null && !e.forgotten) {
            for (Evaluation.Result r : e.results()) {
                if (filter.isEmpty() || filter.contains(r.compliance())) {
                    results.add(r);
                }
            }
        }
        int pageSize = limit == null || limit == 0 ? settings.compliancePageSize() : limit;
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("EvaluationResults");
        int end = Math.min(results.size(), offset + pageSize);
        for (int i = offset; i < end; i++) {
            Evaluation.Result r = results.get(i);
            ObjectNode item = list.addObject();
            ObjectNode ident = item.putObject("EvaluationResultIdentifier");
            ObjectNode q = ident.putObject("EvaluationResultQualifier");
            q.put("ConfigRuleName", r.ruleName());
            q.put("ResourceType", e.resourceType);
            q.put("ResourceId", e.resourceId);
            q.put("EvaluationMode", e.mode);
            ident.put("OrderingTimestamp", Json.epochSeconds(r.recordedMillis()));
            ident.put("ResourceEvaluationId", e.id);
            item.put("ComplianceType", r.compliance());
            item.put("ResultRecordedTime", Json.epochSeconds(r.recordedMillis()));
            item.put("ConfigRuleInvokedTime", Json.epochSeconds(r.invokedMillis()));
            if (r.annotation() != null) {
                item.put("Annotation", r.annotation());
            }
        }
        if (end < results.size()) {
            out.put("NextToken", PageToken.issue("GetComplianceDetailsByResource", query, Integer.toString(end)));
        }
        return out;
    }

    // ------------------------------------------------------------------ ListResourceEvaluations

    JsonNode listResourceEvaluations(ObjectNode in) {
        Validator v = new Validator();
        JsonNode filters = v.structure(in, "Filters", "filters", false);
        String mode = v.enumeration(filters, "EvaluationMode", "filters.evaluationMode", false, MODES);
        JsonNode window = v.structure(filters, "TimeWindow", "filters.timeWindow", false);
        BigDecimal startTime = timestamp(window, "StartTime", "filters.timeWindow.startTime");
        BigDecimal endTime = timestamp(window, "EndTime", "filters.timeWindow.endTime");
        String contextId = v.string(filters, "EvaluationContextIdentifier", "filters.evaluationContextIdentifier", false, 1, 128);
        Integer limit = v.integer(in, "Limit", "limit", false, 0, 100);
        String token = v.string(in, "NextToken", "nextToken", false, 0, 10000);
        v.finish();
        if ("DETECTIVE".equals(mode)) {
            throw ApiException.invalidParameter("DETECTIVE is not supported as an evaluation mode filter. Use PROACTIVE.");
        }
        if (startTime != null && endTime != null && startTime.compareTo(endTime) > 0) {
            throw ApiException.client("InvalidTimeRangeException", "The start time must be before the end time.");
        }
        String query = mode + "|" + startTime + "|" + endTime + "|" + contextId;
        long after = Long.MAX_VALUE;
        if (token != null) {
            String cursor = PageToken.cursor(token, "ListResourceEvaluations", query);
            if (cursor == null) {
                throw ApiException.client("InvalidNextTokenException", "The nextToken provided is invalid");
            }
            after = Long.parseLong(cursor);
        }
        int pageSize = limit == null || limit == 0 ? 10 : limit;
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("ResourceEvaluations");
        Evaluation last = null;
        boolean more = false;
        for (Evaluation e : store.newestFirst()) {
            if (e.sequence >= after || e.forgotten) {
                continue;
            }
            BigDecimal started = Json.epochSeconds(e.startMillis);
            if ((startTime != null && started.compareTo(startTime) < 0) || (endTime != null && started.compareTo(endTime) > 0)
                    || (contextId != null && !contextId.equals(e.contextId))) {
                continue;
            }
            if (list.size() == pageSize) {
                more = true;
                break;
            }
            ObjectNode item = list.addObject();
            item.put("ResourceEvaluationId", e.id);
            item.put("EvaluationMode", e.mode);
            item.put("EvaluationStartTimestamp", started);
            last = e;
        }
        if (more) {
            out.put("NextToken", PageToken.issue("ListResourceEvaluations", query, Long.toString(last.sequence)));
        }
        return out;
    }

    private static BigDecimal timestamp(JsonNode parent, String member, String path) {
        JsonNode v = parent == null ? null : parent.get(member);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw ApiException.serialization("Expected a number of epoch seconds at '" + path + "'");
        }
        return v.decimalValue();
    }
}
