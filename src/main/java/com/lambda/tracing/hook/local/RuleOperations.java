package com.lambda.tracing.hook.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.config.model.ConfigRuleState;
import software.amazon.awssdk.services.config.model.EventSource;
import software.amazon.awssdk.services.config.model.MaximumExecutionFrequency;
import software.amazon.awssdk.services.config.model.MessageType;
import software.amazon.awssdk.services.config.model.Owner;

/**
 * The Config-rule API group of the embedded endpoint: PutConfigRule, DescribeConfigRules, DeleteConfigRule and
 * GetCustomRulePolicy, over the {@link ConfigRules} of the endpoint. A rule's Guard policy is checked with the real
 * cfn-guard when it is put, as Config checks it.
 */
final class RuleOperations {
    private static final List<String> OWNERS = Validator.values(Owner.knownValues());
    private static final List<String> FREQUENCIES = Validator.values(MaximumExecutionFrequency.knownValues());
    private static final List<String> MESSAGE_TYPES = Validator.values(MessageType.knownValues());
    private static final String NAME_PATTERN = ".*\\S.*";

    private final EndpointSettings settings;
    private final ConfigRules rules;
    private final GuardRunner guard;
    /** Policy texts already checked in one batch at start (each used once). */
    private final Set<String> prevalidated = ConcurrentHashMap.newKeySet();

    RuleOperations(EndpointSettings settings, ConfigRules rules, GuardRunner guard) {
        this.settings = settings;
        this.rules = rules;
        this.guard = guard;
    }

    /** Marks policy texts whose Guard syntax was checked already (the pack loaded at start). */
    void prevalidated(List<String> texts) {
        prevalidated.addAll(texts);
    }

    JsonNode putConfigRule(ObjectNode in) {
        Validator v = new Validator();
        JsonNode rule = v.structure(in, "ConfigRule", "configRule", true);
        String name = v.pattern(v.string(rule, "ConfigRuleName", "configRule.configRuleName", false, 1, 128),
                "configRule.configRuleName", NAME_PATTERN);
        String arn = v.string(rule, "ConfigRuleArn", "configRule.configRuleArn", false, 1, 256);
        String id = v.string(rule, "ConfigRuleId", "configRule.configRuleId", false, 1, 64);
        String description = v.string(rule, "Description", "configRule.description", false, 0, 256);
        JsonNode scope = v.structure(rule, "Scope", "configRule.scope", false);
        List<String> types = v.stringsOfLength(scope, "ComplianceResourceTypes", "configRule.scope.complianceResourceTypes",
                100, 1, 256);
        String tagKey = v.string(scope, "TagKey", "configRule.scope.tagKey", false, 1, 128);
        String tagValue = v.string(scope, "TagValue", "configRule.scope.tagValue", false, 1, 256);
        String scopeResourceId = v.string(scope, "ComplianceResourceId", "configRule.scope.complianceResourceId", false, 1, 768);
        JsonNode source = v.structure(rule, "Source", "configRule.source", rule != null);
        String owner = v.enumeration(source, "Owner", "configRule.source.owner", source != null, OWNERS);
        String sourceIdentifier = v.string(source, "SourceIdentifier", "configRule.source.sourceIdentifier", false, 1, 256);
        JsonNode sourceDetails = v.list(source, "SourceDetails", "configRule.source.sourceDetails", 0, 25);
        if (sourceDetails != null) {
            for (JsonNode d : sourceDetails) {
                v.enumeration(d, "EventSource", "configRule.source.sourceDetails.member.eventSource", false, Validator.values(EventSource.knownValues()));
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
                Validator.values(ConfigRuleState.knownValues()));
        JsonNode modes = v.list(rule, "EvaluationModes", "configRule.evaluationModes", 0, Integer.MAX_VALUE);
        Set<String> modeSet = new LinkedHashSet<>();
        if (modes != null) {
            for (JsonNode m : modes) {
                String mode = v.enumeration(m, "Mode", "configRule.evaluationModes.member.mode", false, EvaluationOperations.MODES);
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
            // only the members the API defines: Config drops the others (and so never echoes them back)
            ObjectNode sc = view.putObject("Scope");
            if (scope.hasNonNull("ComplianceResourceTypes")) {
                types.forEach(sc.putArray("ComplianceResourceTypes")::add);
            }
            putIfSet(sc, "TagKey", tagKey);
            putIfSet(sc, "TagValue", tagValue);
            putIfSet(sc, "ComplianceResourceId", scopeResourceId);
        }
        ObjectNode src = view.putObject("Source");
        src.put("Owner", owner);
        if (sourceIdentifier != null && !"CUSTOM_POLICY".equals(owner)) {
            src.put("SourceIdentifier", sourceIdentifier);
        }
        if (sourceDetails != null) {
            ArrayNode details = src.putArray("SourceDetails");
            for (JsonNode d : sourceDetails) {
                ObjectNode detail = details.addObject();
                for (String member : List.of("EventSource", "MessageType", "MaximumExecutionFrequency")) {
                    putIfSet(detail, member, d.path(member).isTextual() ? d.get(member).textValue() : null);
                }
            }
        }
        if (policy != null) {
            ObjectNode pd = src.putObject("CustomPolicyDetails");
            pd.put("PolicyRuntime", runtime);
            pd.put("PolicyText", policyText); // required in the service model's CustomPolicyDetails
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
                Set.copyOf(modeSet), List.copyOf(types), tagKey, tagValue, scopeResourceId, rules.nextRevision()));
        return null;
    }

    private static void putIfSet(ObjectNode node, String member, String value) {
        if (value != null) {
            node.put(member, value);
        }
    }

    JsonNode describeConfigRules(ObjectNode in) {
        Validator v = new Validator();
        List<String> wanted = v.stringsOfLength(in, "ConfigRuleNames", "configRuleNames", 25, 1, 128);
        JsonNode filters = v.structure(in, "Filters", "filters", false);
        String mode = v.enumeration(filters, "EvaluationMode", "filters.evaluationMode", false, EvaluationOperations.MODES);
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

    JsonNode deleteConfigRule(ObjectNode in) {
        Validator v = new Validator();
        String name = v.pattern(v.string(in, "ConfigRuleName", "configRuleName", true, 1, 128), "configRuleName", NAME_PATTERN);
        v.finish();
        if (!rules.remove(name)) {
            throw ApiException.client("NoSuchConfigRuleException", "The ConfigRule '" + name
                    + "' provided in the request is invalid. Please check the configRule name");
        }
        return null;
    }

    JsonNode getCustomRulePolicy(ObjectNode in) {
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
}
