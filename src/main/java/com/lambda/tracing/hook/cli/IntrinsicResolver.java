package com.lambda.tracing.hook.cli;

import com.lambda.tracing.hook.transform.ConditionValues;
import com.lambda.tracing.hook.transform.TemplateFunctions;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Resolves a template the way CloudFormation would before it calls a hook: parameters ({@link TemplateParameters}),
 * pseudo parameters, Conditions, and the intrinsic functions ({@link IntrinsicFunctions}) Ref, Fn::GetAtt,
 * Fn::Sub, Fn::Join, Fn::Select, Fn::Split, Fn::If, Fn::Equals/And/Or/Not, Fn::FindInMap, Fn::Base64, Fn::GetAZs,
 * Fn::ImportValue, Fn::Cidr, Fn::Length and Fn::ToJsonString. References to resources become realistic placeholders
 * ({@link Placeholders}). AWS::NoValue removes the property or list item. Problems end in a {@link UsageException}.
 */
final class IntrinsicResolver {
    static final String ACCOUNT = "123456789012";
    /** {@code Ref: AWS::NoValue}: the property or list item disappears. */
    static final Object NO_VALUE = new Object();
    private static final int MAX_DEPTH = 200;

    private final Template template;
    private final String region;
    private final String stackName;
    private final String stackId;
    private final Placeholders placeholders;
    private final Map<String, Object> parameters;
    private final Map<String, Object> resources;
    private final Map<String, Object> mappings;
    private final ConditionValues conditions;
    private final IntrinsicFunctions functions = new IntrinsicFunctions(this);

    @SuppressWarnings("unchecked")
    IntrinsicResolver(Template template, String region, String stackName, Map<String, String> overrides) {
        this.template = template;
        this.region = region;
        this.stackName = stackName;
        this.stackId = "arn:aws:cloudformation:" + region + ":" + ACCOUNT + ":stack/" + stackName + "/"
                + new Placeholders(stackName, region, ACCOUNT).uuid("AWS::StackId");
        this.placeholders = new Placeholders(stackName, region, ACCOUNT);
        Map<String, Object> doc = template.document();
        this.resources = (Map<String, Object>) doc.get("Resources");
        this.mappings = doc.get("Mappings") instanceof Map ? (Map<String, Object>) doc.get("Mappings") : Map.of();
        Map<String, Object> definitions = doc.get("Conditions") instanceof Map
                ? (Map<String, Object>) doc.get("Conditions") : Map.of();
        // a condition is always known here: what is not a truth value (null included) is an error
        this.conditions = new ConditionValues(definitions::containsKey, name -> {
            Object v = resolve(definitions.get(name), 0, true);
            return v == null ? NO_VALUE : v;
        }, this::error);
        this.parameters = TemplateParameters.resolve(template, doc.get("Parameters"), overrides);
    }

    String region() {
        return region;
    }

    Map<String, Object> mappings() {
        return mappings;
    }

    boolean isParameter(String name) {
        return parameters.containsKey(name);
    }

    UsageException error(String message) {
        return new UsageException(template.file() + ": " + message);
    }

    // ------------------------------------------------------------------ conditions

    boolean condition(String name) {
        return conditions.value(name);
    }

    /** Whether CloudFormation would create this resource (its Condition, if any, is true). */
    @SuppressWarnings("unchecked")
    boolean created(String logicalId) {
        Object r = resources.get(logicalId);
        Object c = r instanceof Map ? ((Map<String, Object>) r).get("Condition") : null;
        if (c == null) {
            return true;
        }
        if (!(c instanceof String)) {
            throw error("the Condition of " + logicalId + " must be a condition name");
        }
        return condition((String) c);
    }

    // ------------------------------------------------------------------ resolution

    /** The resolved Properties of a resource (null when it has none). */
    @SuppressWarnings("unchecked")
    Map<String, Object> properties(String logicalId) {
        Map<String, Object> r = (Map<String, Object>) resources.get(logicalId);
        Object props = r.get("Properties");
        if (props == null) {
            return new LinkedHashMap<>();
        }
        Object v = resolve(props, 0, false);
        return v == NO_VALUE ? new LinkedHashMap<>() : (Map<String, Object>) v;
    }

    Object resolve(Object value) {
        Object v = resolve(value, 0, false);
        return v == NO_VALUE ? null : v;
    }

    @SuppressWarnings("unchecked")
    Object resolve(Object value, int depth, boolean inCondition) {
        if (depth > MAX_DEPTH) {
            throw error("intrinsic functions nested too deeply");
        }
        if (value instanceof List) {
            List<Object> out = new ArrayList<>();
            for (Object o : (List<Object>) value) {
                Object r = resolve(o, depth + 1, inCondition);
                if (r != NO_VALUE) {
                    out.add(r);
                }
            }
            return out;
        }
        if (!(value instanceof Map)) {
            return value;
        }
        Map<String, Object> map = (Map<String, Object>) value;
        if (map.size() == 1) {
            Map.Entry<String, Object> only = map.entrySet().iterator().next();
            String key = only.getKey();
            if (key.equals("Ref") || key.startsWith("Fn::") || (inCondition && key.equals("Condition"))) {
                return functions.apply(key, only.getValue(), depth, inCondition);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : map.entrySet()) {
            Object r = resolve(e.getValue(), depth + 1, inCondition);
            if (r != NO_VALUE) {
                out.put(e.getKey(), r);
            }
        }
        return out;
    }

    /** The text of a string, number or boolean as a template means it; null for anything else. */
    static String scalarOrNull(Object v) {
        if (v instanceof String) {
            return (String) v;
        }
        if (v instanceof BigDecimal) {
            return ((BigDecimal) v).toPlainString();
        }
        if (v instanceof Boolean) {
            return v.toString();
        }
        return null;
    }

    Object ref(String name) {
        switch (name) {
            case "AWS::AccountId":
                return ACCOUNT;
            case "AWS::Region":
                return region;
            case "AWS::StackName":
                return stackName;
            case "AWS::StackId":
                return stackId;
            case "AWS::Partition":
                return TemplateFunctions.partition(region);
            case "AWS::URLSuffix":
                return TemplateFunctions.urlSuffix(region);
            case "AWS::NotificationARNs":
                return new ArrayList<>();
            case "AWS::NoValue":
                return NO_VALUE;
            default:
                break;
        }
        if (parameters.containsKey(name)) {
            Object v = parameters.get(name);
            return v instanceof List ? new ArrayList<Object>((List<?>) v) : v;
        }
        Object r = resources.get(name);
        if (r instanceof Map) {
            Map<?, ?> res = (Map<?, ?>) r;
            return placeholders.ref(name, (String) res.get("Type"), rawProperties(res));
        }
        throw error("Ref to " + name + ", which is neither a parameter nor a resource of this template");
    }

    Object getAtt(String logicalId, String attribute) {
        Object r = resources.get(logicalId);
        if (!(r instanceof Map)) {
            throw error("Fn::GetAtt refers to " + logicalId + ", which is not a resource of this template");
        }
        Map<?, ?> res = (Map<?, ?>) r;
        return placeholders.getAtt(logicalId, (String) res.get("Type"), rawProperties(res), attribute);
    }

    /** Properties as written, for explicit names (only plain strings are used). */
    private static Map<?, ?> rawProperties(Map<?, ?> resource) {
        Object p = resource.get("Properties");
        return p instanceof Map ? (Map<?, ?>) p : Map.of();
    }

    /** CloudFormation hands hooks every scalar as a string: numbers and booleans become text, nulls vanish. */
    @SuppressWarnings("unchecked")
    static Object stringify(Object v) {
        if (v instanceof Map) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<String, Object>) v).forEach((k, x) -> {
                if (x != null) {
                    out.put(k, stringify(x));
                }
            });
            return out;
        }
        if (v instanceof List) {
            List<Object> out = new ArrayList<>();
            for (Object x : (List<Object>) v) {
                if (x != null) {
                    out.add(stringify(x));
                }
            }
            return out;
        }
        if (v instanceof BigDecimal) {
            return ((BigDecimal) v).toPlainString();
        }
        if (v instanceof Boolean) {
            return v.toString();
        }
        return v;
    }

    static String stackNameFor(java.nio.file.Path file) {
        String base = file.getFileName().toString().replaceFirst("\\.(ya?ml|json|template|txt)$", "");
        String s = base.replaceAll("[^A-Za-z0-9-]", "-").replaceAll("-+", "-").replaceAll("^-|-$", "");
        if (s.isEmpty() || !Character.isLetter(s.charAt(0))) {
            s = "stack-" + s;
        }
        return s.length() > 100 ? s.substring(0, 100) : s.toLowerCase(Locale.ROOT);
    }
}
