package com.lambda.tracing.hook.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The AWS Config operations (AWS JSON 1.1, target prefix StarlingDoveService) behind the embedded endpoint. */
final class ConfigService implements HttpCore.Handler {
    static final String TARGET_PREFIX = "StarlingDoveService.";
    static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    static final List<String> PROACTIVE_TYPES = List.of("AWS::ApiGateway::Stage", "AWS::AutoScaling::AutoScalingGroup",
            "AWS::EC2::EIP", "AWS::EC2::Instance", "AWS::EC2::Subnet", "AWS::Elasticsearch::Domain",
            "AWS::Lambda::Function", "AWS::RDS::DBInstance", "AWS::Redshift::Cluster", "AWS::S3::Bucket",
            "AWS::SNS::Topic");
    private static final List<String> MODES = List.of("DETECTIVE", "PROACTIVE");
    private static final List<String> COMPLIANCE = List.of("COMPLIANT", "NON_COMPLIANT", "NOT_APPLICABLE", "INSUFFICIENT_DATA");
    private static final List<String> OWNERS = List.of("CUSTOM_LAMBDA", "AWS", "CUSTOM_POLICY");
    private static final List<String> FREQUENCIES = List.of("One_Hour", "Three_Hours", "Six_Hours", "Twelve_Hours", "TwentyFour_Hours");
    private static final List<String> MESSAGE_TYPES = List.of("ConfigurationItemChangeNotification",
            "ConfigurationSnapshotDeliveryCompleted", "ScheduledNotification", "OversizedConfigurationItemChangeNotification");
    private static final String NAME_PATTERN = ".*\\S.*";

    private final EndpointSettings settings;
    private final EvaluationStore store;
    private final ConfigRules rules;
    private final EvaluationEngine engine;
    private final GuardRunner guard;
    private final Faults faults;
    private final EndpointStats stats;
    /** Policy texts already checked in one batch at start (each used once). */
    private final Set<String> prevalidated = java.util.concurrent.ConcurrentHashMap.newKeySet();

    ConfigService(EndpointSettings settings, EvaluationStore store, ConfigRules rules, EvaluationEngine engine,
                  GuardRunner guard, Faults faults, EndpointStats stats) {
        this.settings = settings;
        this.store = store;
        this.rules = rules;
        this.engine = engine;
        this.guard = guard;
        this.faults = faults;
        this.stats = stats;
    }

    /** Marks policy texts whose Guard syntax was checked already (the pack loaded at start). */
    void prevalidated(List<String> texts) {
        prevalidated.addAll(texts);
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
            reply = faultReply(fault, requestId, operation);
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
                reply = ok(requestId, dispatch(operation, (ObjectNode) input));
            } catch (ApiException e) {
                reply = error(requestId, e.status(), e.type(), e.getMessage());
            } catch (RuntimeException e) {
                reply = error(requestId, 500, "InternalFailure", "An internal error occurred: " + e.getClass().getSimpleName());
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
            throw ApiException.serialization("Unable to parse the request body as JSON");
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
        switch (operation) {
            case "StartResourceEvaluation":
                return startResourceEvaluation(in);
            case "GetResourceEvaluationSummary":
                return getResourceEvaluationSummary(in);
            case "GetComplianceDetailsByResource":
                return getComplianceDetailsByResource(in);
            case "ListResourceEvaluations":
                return listResourceEvaluations(in);
            case "PutConfigRule":
                return putConfigRule(in);
            case "DescribeConfigRules":
                return describeConfigRules(in);
            case "DeleteConfigRule":
                return deleteConfigRule(in);
            case "GetCustomRulePolicy":
                return getCustomRulePolicy(in);
            default:
                throw ApiException.client("UnknownOperationException", "Unknown operation " + operation);
        }
    }

    // ------------------------------------------------------------------ StartResourceEvaluation

    private JsonNode startResourceEvaluation(ObjectNode in) {
        Validator v = new Validator();
        JsonNode details = v.structure(in, "ResourceDetails", "resourceDetails", true);
        String resourceId = v.string(details, "ResourceId", "resourceDetails.resourceId", details != null, 1, 768);
        String resourceType = v.string(details, "ResourceType", "resourceDetails.resourceType", details != null, 1, 256);
        String configuration = v.string(details, "ResourceConfiguration", "resourceDetails.resourceConfiguration",
                details != null, 1, 51200);
        String schemaType = v.enumeration(details, "ResourceConfigurationSchemaType",
                "resourceDetails.resourceConfigurationSchemaType", false, List.of("CFN_RESOURCE_SCHEMA"));
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
        ObjectNode canonical = in.deepCopy();
        canonical.remove("ClientToken");
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

    // ------------------------------------------------------------------ GetResourceEvaluationSummary

    private JsonNode getResourceEvaluationSummary(ObjectNode in) {
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

    private JsonNode getComplianceDetailsByResource(ObjectNode in) {
        Validator v = new Validator();
        String type = v.string(in, "ResourceType", "resourceType", false, 1, 256);
        String resourceId = v.string(in, "ResourceId", "resourceId", false, 1, 768);
        JsonNode types = v.list(in, "ComplianceTypes", "complianceTypes", 0, 3);
        Set<String> filter = new LinkedHashSet<>();
        if (types != null) {
            for (JsonNode t : types) {
                if (!t.isTextual()) {
                    throw ApiException.serialization("Expected a string in complianceTypes");
                }
                if (!COMPLIANCE.contains(t.textValue())) {
                    v.violation(t.textValue(), "complianceTypes", "Member must satisfy constraint: [Member must satisfy enum value set: ["
                            + String.join(", ", COMPLIANCE) + "]]");
                }
                filter.add(t.textValue());
            }
        }
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

    private JsonNode listResourceEvaluations(ObjectNode in) {
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

    // ------------------------------------------------------------------ Config rules

    private JsonNode putConfigRule(ObjectNode in) {
        Validator v = new Validator();
        JsonNode rule = v.structure(in, "ConfigRule", "configRule", true);
        String name = v.pattern(v.string(rule, "ConfigRuleName", "configRule.configRuleName", false, 1, 128),
                "configRule.configRuleName", NAME_PATTERN);
        String arn = v.string(rule, "ConfigRuleArn", "configRule.configRuleArn", false, 1, 256);
        String id = v.string(rule, "ConfigRuleId", "configRule.configRuleId", false, 1, 64);
        String description = v.string(rule, "Description", "configRule.description", false, 0, 256);
        JsonNode scope = v.structure(rule, "Scope", "configRule.scope", false);
        JsonNode scopeTypes = v.list(scope, "ComplianceResourceTypes", "configRule.scope.complianceResourceTypes", 0, 100);
        List<String> types = new ArrayList<>();
        if (scopeTypes != null) {
            for (JsonNode t : scopeTypes) {
                if (!t.isTextual()) {
                    throw ApiException.serialization("Expected a string in configRule.scope.complianceResourceTypes");
                }
                if (t.textValue().isEmpty() || t.textValue().length() > 256) {
                    v.violation(t.textValue(), "configRule.scope.complianceResourceTypes",
                            "Member must satisfy constraint: [Member must have length less than or equal to 256, Member must have length greater than or equal to 1]");
                }
                types.add(t.textValue());
            }
        }
        String tagKey = v.string(scope, "TagKey", "configRule.scope.tagKey", false, 1, 128);
        String tagValue = v.string(scope, "TagValue", "configRule.scope.tagValue", false, 1, 256);
        String scopeResourceId = v.string(scope, "ComplianceResourceId", "configRule.scope.complianceResourceId", false, 1, 768);
        JsonNode source = v.structure(rule, "Source", "configRule.source", rule != null);
        String owner = v.enumeration(source, "Owner", "configRule.source.owner", source != null, OWNERS);
        String sourceIdentifier = v.string(source, "SourceIdentifier", "configRule.source.sourceIdentifier", false, 1, 256);
        JsonNode sourceDetails = v.list(source, "SourceDetails", "configRule.source.sourceDetails", 0, 25);
        if (sourceDetails != null) {
            for (JsonNode d : sourceDetails) {
                v.enumeration(d, "EventSource", "configRule.source.sourceDetails.member.eventSource", false, List.of("aws.config"));
                v.enumeration(d, "MessageType", "configRule.source.sourceDetails.member.messageType", false, MESSAGE_TYPES);
                v.enumeration(d, "MaximumExecutionFrequency", "configRule.source.sourceDetails.member.maximumExecutionFrequency", false, FREQUENCIES);
            }
        }
        JsonNode policy = v.structure(source, "CustomPolicyDetails", "configRule.source.customPolicyDetails", false);
        String runtime = v.pattern(v.string(policy, "PolicyRuntime", "configRule.source.customPolicyDetails.policyRuntime",
                policy != null, 1, 64), "configRule.source.customPolicyDetails.policyRuntime", "guard\\-2\\.x\\.x");
        String policyText = v.string(policy, "PolicyText", "configRule.source.customPolicyDetails.policyText", policy != null, 0, 10000);
        v.bool(policy, "EnableDebugLogDelivery", "configRule.source.customPolicyDetails.enableDebugLogDelivery");
        String inputParameters = v.string(rule, "InputParameters", "configRule.inputParameters", false, 1, 1024);
        String frequency = v.enumeration(rule, "MaximumExecutionFrequency", "configRule.maximumExecutionFrequency", false, FREQUENCIES);
        v.enumeration(rule, "ConfigRuleState", "configRule.configRuleState", false,
                List.of("ACTIVE", "DELETING", "DELETING_RESULTS", "EVALUATING"));
        JsonNode modes = v.list(rule, "EvaluationModes", "configRule.evaluationModes", 0, Integer.MAX_VALUE);
        Set<String> modeSet = new LinkedHashSet<>();
        if (modes != null) {
            for (JsonNode m : modes) {
                String mode = v.enumeration(m, "Mode", "configRule.evaluationModes.member.mode", false, MODES);
                if (mode != null && !modeSet.add(mode)) {
                    throw ApiException.invalidParameter("The EvaluationModes must be distinct objects; " + mode + " appears twice.");
                }
            }
        }
        JsonNode tags = v.list(in, "Tags", "tags", 0, 50);
        if (tags != null) {
            for (JsonNode t : tags) {
                v.string(t, "Key", "tags.member.key", false, 1, 128);
                v.string(t, "Value", "tags.member.value", false, 0, 256);
            }
        }
        v.finish();

        ConfigRules.StoredRule existing = name != null ? rules.get(name) : rules.findByIdOrArn(id, arn);
        if (name == null && existing == null) {
            throw ApiException.invalidParameter("The ConfigRuleName is required to create a rule.");
        }
        if (name == null) {
            name = existing.name();
        }
        if (tagValue != null && tagKey == null) {
            throw ApiException.invalidParameter("The Scope TagValue requires a TagKey.");
        }
        if (scopeResourceId != null && types.size() != 1) {
            throw ApiException.invalidParameter("A Scope with ComplianceResourceId must name exactly one resource type.");
        }
        if ("CUSTOM_POLICY".equals(owner)) {
            if (policy == null) {
                throw ApiException.invalidParameter("CustomPolicyDetails is required when the Source Owner is CUSTOM_POLICY.");
            }
            if (sourceDetails != null) {
                for (JsonNode d : sourceDetails) {
                    String mt = d.path("MessageType").asText("");
                    if (!mt.isEmpty() && !mt.equals("ConfigurationItemChangeNotification")
                            && !mt.equals("OversizedConfigurationItemChangeNotification")) {
                        throw ApiException.invalidParameter("The MessageType " + mt + " is not supported for Config "
                                + "rules with owner CUSTOM_POLICY.");
                    }
                }
            }
        } else if (sourceIdentifier == null) {
            throw ApiException.invalidParameter("The SourceIdentifier is required when the Source Owner is " + owner + ".");
        }
        if (modeSet.isEmpty()) {
            modeSet.add("DETECTIVE");
        }
        if (modeSet.contains("PROACTIVE") && !"CUSTOM_POLICY".equals(owner)) {
            throw ApiException.invalidParameter("The local Config endpoint evaluates only CUSTOM_POLICY (Guard) rules "
                    + "in PROACTIVE mode; rule " + name + " has owner " + owner + ".");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        if (inputParameters != null) {
            JsonNode p;
            try {
                p = Json.MAPPER.readTree(inputParameters);
            } catch (IOException e) {
                p = null;
            }
            if (p == null || !p.isObject()) {
                throw ApiException.invalidParameter("The InputParameters must be a JSON object: " + inputParameters);
            }
            p.fields().forEachRemaining(e -> parameters.put(e.getKey(),
                    e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
        }
        if (policyText != null && guard != null && !prevalidated.remove(policyText)) {
            String problem = guard.syntaxError(policyText);
            if (problem != null) {
                throw ApiException.invalidParameter("The PolicyText of rule " + name + " is not valid Guard: " + problem);
            }
        }
        String[] identity = existing != null ? new String[] {existing.id(), existing.arn()} : rules.newIdentity();
        ObjectNode view = Json.object();
        view.put("ConfigRuleName", name);
        view.put("ConfigRuleArn", identity[1]);
        view.put("ConfigRuleId", identity[0]);
        if (description != null) {
            view.put("Description", description);
        }
        if (scope != null) {
            view.set("Scope", scope.deepCopy());
        }
        ObjectNode src = view.putObject("Source");
        src.put("Owner", owner);
        if (sourceIdentifier != null && !"CUSTOM_POLICY".equals(owner)) {
            src.put("SourceIdentifier", sourceIdentifier);
        }
        if (sourceDetails != null) {
            src.set("SourceDetails", sourceDetails.deepCopy());
        }
        if (policy != null) {
            ObjectNode pd = src.putObject("CustomPolicyDetails");
            pd.put("PolicyRuntime", runtime);
            pd.put("EnableDebugLogDelivery", policy.path("EnableDebugLogDelivery").asBoolean(false));
        }
        if (inputParameters != null) {
            view.put("InputParameters", inputParameters);
        }
        if (frequency != null) {
            view.put("MaximumExecutionFrequency", frequency);
        }
        view.put("ConfigRuleState", "ACTIVE");
        ArrayNode em = view.putArray("EvaluationModes");
        modeSet.forEach(m -> em.addObject().put("Mode", m));
        rules.put(new ConfigRules.StoredRule(name, identity[0], identity[1], view, owner, policyText, parameters,
                Set.copyOf(modeSet), List.copyOf(types), tagKey, tagValue, scopeResourceId));
        return null;
    }

    private JsonNode describeConfigRules(ObjectNode in) {
        Validator v = new Validator();
        JsonNode names = v.list(in, "ConfigRuleNames", "configRuleNames", 0, 25);
        List<String> wanted = new ArrayList<>();
        if (names != null) {
            for (JsonNode n : names) {
                if (!n.isTextual()) {
                    throw ApiException.serialization("Expected a string in configRuleNames");
                }
                if (n.textValue().isEmpty() || n.textValue().length() > 128) {
                    v.violation(n.textValue(), "configRuleNames", "Member must satisfy constraint: [Member must have "
                            + "length less than or equal to 128, Member must have length greater than or equal to 1]");
                }
                wanted.add(n.textValue());
            }
        }
        JsonNode filters = v.structure(in, "Filters", "filters", false);
        String mode = v.enumeration(filters, "EvaluationMode", "filters.evaluationMode", false, MODES);
        String visibility = v.enumeration(filters, "RuleEvaluationVisibility", "filters.ruleEvaluationVisibility", false,
                List.of("EXTERNAL", "INTERNAL"));
        String token = v.string(in, "NextToken", "nextToken", false, 0, 10000);
        v.finish();
        List<ConfigRules.StoredRule> selected = new ArrayList<>();
        if (!wanted.isEmpty()) {
            for (String n : wanted) {
                ConfigRules.StoredRule r = rules.get(n);
                if (r == null) {
                    throw ApiException.client("NoSuchConfigRuleException", "The ConfigRule '" + n
                            + "' provided in the request is invalid. Please check the configRule name");
                }
                selected.add(r);
            }
        } else {
            selected.addAll(rules.all());
        }
        if (mode != null) {
            selected.removeIf(r -> !r.modes().contains(mode));
        }
        if ("INTERNAL".equals(visibility)) {
            selected.clear(); // no service-internal rules here
        }
        String query = wanted + "|" + mode + "|" + visibility;
        String after = null;
        if (token != null) {
            after = PageToken.cursor(token, "DescribeConfigRules", query);
            if (after == null) {
                throw ApiException.client("InvalidNextTokenException", "The nextToken provided is invalid");
            }
        }
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("ConfigRules");
        String last = null;
        boolean more = false;
        for (ConfigRules.StoredRule r : selected) {
            if (after != null && r.name().compareTo(after) <= 0) {
                continue;
            }
            if (list.size() == settings.rulesPageSize()) {
                more = true;
                break;
            }
            list.add(r.view().deepCopy());
            last = r.name();
        }
        if (more) {
            out.put("NextToken", PageToken.issue("DescribeConfigRules", query, last));
        }
        return out;
    }

    private JsonNode deleteConfigRule(ObjectNode in) {
        Validator v = new Validator();
        String name = v.pattern(v.string(in, "ConfigRuleName", "configRuleName", true, 1, 128), "configRuleName", NAME_PATTERN);
        v.finish();
        if (!rules.remove(name)) {
            throw ApiException.client("NoSuchConfigRuleException", "The ConfigRule '" + name
                    + "' provided in the request is invalid. Please check the configRule name");
        }
        return null;
    }

    private JsonNode getCustomRulePolicy(ObjectNode in) {
        Validator v = new Validator();
        String name = v.pattern(v.string(in, "ConfigRuleName", "configRuleName", false, 1, 128), "configRuleName", NAME_PATTERN);
        v.finish();
        ConfigRules.StoredRule r = name == null ? null : rules.get(name);
        if (r == null) {
            throw ApiException.client("NoSuchConfigRuleException", "The ConfigRule '" + name
                    + "' provided in the request is invalid. Please check the configRule name");
        }
        ObjectNode out = Json.object();
        if (r.policyText() != null) {
            out.put("PolicyText", r.policyText());
        }
        return out;
    }

    // ------------------------------------------------------------------ wire helpers

    private static Map<String, String> headers(String requestId) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", CONTENT_TYPE);
        h.put("x-amzn-RequestId", requestId);
        return h;
    }

    private static HttpCore.Reply ok(String requestId, JsonNode body) {
        byte[] bytes = body == null ? new byte[0] : Json.write(body).getBytes(StandardCharsets.UTF_8);
        return new HttpCore.Reply(200, headers(requestId), bytes, HttpCore.Delivery.NORMAL);
    }

    static HttpCore.Reply error(String requestId, int status, String type, String message) {
        Map<String, String> h = headers(requestId);
        h.put("x-amzn-ErrorType", type);
        ObjectNode body = Json.object().put("__type", type).put("message", message);
        return new HttpCore.Reply(status, h, Json.write(body).getBytes(StandardCharsets.UTF_8), HttpCore.Delivery.NORMAL);
    }

    private static HttpCore.Reply faultReply(Faults.RequestFault fault, String requestId, String operation) {
        switch (fault) {
            case THROTTLE:
                return error(requestId, 400, "ThrottlingException", "Rate exceeded");
            case INTERNAL_ERROR:
                return error(requestId, 500, "InternalFailure", "The request processing has failed because of an unknown error, exception or failure.");
            case UNAVAILABLE:
                return error(requestId, 503, "ServiceUnavailable", "The request has failed due to a temporary failure of the server.");
            case RESET:
                return new HttpCore.Reply(0, Map.of(), new byte[0], HttpCore.Delivery.RESET);
            case CLOSE_MID_RESPONSE: {
                byte[] body = ("{\"__note\":\"the connection closes before this answer to " + operation
                        + " is complete\",\"ResourceEvaluationId\":\"" + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8);
                return new HttpCore.Reply(200, headers(requestId), body, HttpCore.Delivery.CLOSE_MID_RESPONSE);
            }
            case MALFORMED_JSON:
            default: {
                byte[] body = "{\"ResourceEvaluationId\": \"4f0c\", \"EvaluationStatus\": {\"Status\": IN_PROGR"
                        .getBytes(StandardCharsets.UTF_8);
                return new HttpCore.Reply(200, headers(requestId), body, HttpCore.Delivery.NORMAL);
            }
        }
    }
}
