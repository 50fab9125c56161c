package com.lambda.tracing.hook.cli;

import com.lambda.tracing.hook.transform.TemplateFunctions;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.PatternSyntaxException;

/**
 * A template's parameters as CloudFormation would take them: the value given with {@code --parameter-overrides},
 * else the Default, checked against AllowedValues, AllowedPattern and the Number type; list types become lists, an
 * SSM parameter type the dynamic reference CloudFormation resolves at deploy time. Problems end in a
 * {@link UsageException}.
 */
final class TemplateParameters {
    private final Template template;

    private TemplateParameters(Template template) {
        this.template = template;
    }

    /** The value of every parameter of {@code section} (the template's Parameters), by name. */
    static Map<String, Object> resolve(Template template, Object section, Map<String, String> overrides) {
        return new TemplateParameters(template).resolve(section, overrides);
    }

    private UsageException error(String message) {
        return new UsageException(template.file() + ": " + message);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> resolve(Object section, Map<String, String> overrides) {
        Map<String, Object> defs = section instanceof Map ? (Map<String, Object>) section : Map.of();
        Map<String, Object> parameters = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : defs.entrySet()) {
            String name = e.getKey();
            if (!(e.getValue() instanceof Map)) {
                throw error("parameter " + name + " must be a mapping");
            }
            Map<String, Object> def = (Map<String, Object>) e.getValue();
            String type = def.get("Type") instanceof String ? (String) def.get("Type") : "String";
            String value = overrides.containsKey(name) ? overrides.get(name)
                    : def.containsKey("Default") ? scalarText(def.get("Default"), "Default of parameter " + name) : null;
            if (value == null) {
                throw error("parameter " + name + " has no Default; pass --parameter-overrides " + name + "=VALUE");
            }
            check(name, type, def, value);
            parameters.put(name, typed(type, value));
        }
        for (String name : overrides.keySet()) {
            if (!defs.containsKey(name)) {
                throw error("--parameter-overrides names " + name + ", which is not a parameter of this template");
            }
        }
        return parameters;
    }

    private void check(String name, String type, Map<String, Object> def, String value) {
        boolean isList = TemplateFunctions.isListType(type);
        Object allowed = def.get("AllowedValues");
        if (allowed instanceof List && !((List<?>) allowed).isEmpty()) {
            List<String> ok = new ArrayList<>();
            for (Object a : (List<?>) allowed) {
                ok.add(scalarText(a, "AllowedValues of " + name));
            }
            for (String part : isList ? List.of(value.split(",", -1)) : List.of(value)) {
                if (!ok.contains(part.trim())) {
                    throw error("parameter " + name + " value '" + part + "' is not one of its AllowedValues " + ok);
                }
            }
        }
        if (def.get("AllowedPattern") instanceof String && !isList) {
            String pattern = (String) def.get("AllowedPattern");
            try {
                if (!value.matches(pattern)) {
                    throw error("parameter " + name + " value '" + value + "' does not match its AllowedPattern " + pattern);
                }
            } catch (PatternSyntaxException ignored) {
                // a pattern Java cannot read: CloudFormation checks it at deploy time
            }
        }
        if (type.equals("Number")) {
            try {
                new BigDecimal(value.trim());
            } catch (NumberFormatException ex) {
                throw error("parameter " + name + " is a Number but its value is '" + value + "'");
            }
        }
    }

    private static Object typed(String type, String value) {
        if (TemplateFunctions.isListType(type)) {
            return new ArrayList<Object>(TemplateFunctions.listItems(type, value));
        }
        if (type.startsWith("AWS::SSM::Parameter::Value<")) {
            return type.contains("List<") || type.contains("CommaDelimitedList")
                    ? List.of("{{resolve:ssm:" + value + "}}") : "{{resolve:ssm:" + value + "}}";
        }
        return value;
    }

    private String scalarText(Object v, String what) {
        String scalar = IntrinsicResolver.scalarOrNull(v);
        if (scalar != null) {
            return scalar;
        }
        if (v instanceof List) {
            List<String> parts = new ArrayList<>();
            for (Object o : (List<?>) v) {
                parts.add(scalarText(o, what));
            }
            return String.join(",", parts);
        }
        throw error(what + " must be a plain value");
    }
}
