package com.lambda.tracing.hook.cli;

import com.lambda.tracing.hook.transform.SubTemplate;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Resolves a template the way CloudFormation would before it calls a hook: parameters (defaults and overrides, with
 * AllowedValues/AllowedPattern checks), pseudo parameters, Conditions, and the intrinsic functions Ref, Fn::GetAtt,
 * Fn::Sub, Fn::Join, Fn::Select, Fn::Split, Fn::If, Fn::Equals/And/Or/Not, Fn::FindInMap, Fn::Base64, Fn::GetAZs,
 * Fn::ImportValue, Fn::Cidr, Fn::Length and Fn::ToJsonString. References to resources become realistic placeholders
 * ({@link Placeholders}). AWS::NoValue removes the property or list item. Problems end in a {@link UsageException}.
 */
final class IntrinsicResolver {
    static final String ACCOUNT = "123456789012";
    private static final Object NO_VALUE = new Object();
    private static final int MAX_DEPTH = 200;

    private final Template template;
    private final String region;
    private final String stackName;
    private final String stackId;
    private final Placeholders placeholders;
    private final Map<String, Object> parameters = new LinkedHashMap<>();
    private final Map<String, Object> resources;
    private final Map<String, Object> mappings;
    private final Map<String, Object> conditionDefs;
    private final Map<String, Boolean> conditions = new HashMap<>();
    private final Set<String> evaluating = new HashSet<>();

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
        this.conditionDefs = doc.get("Conditions") instanceof Map ? (Map<String, Object>) doc.get("Conditions") : Map.of();
        resolveParameters(doc.get("Parameters"), overrides);
    }

    private UsageException error(String message) {
        return new UsageException(template.file() + ": " + message);
    }

    // ------------------------------------------------------------------ parameters

    @SuppressWarnings("unchecked")
    private void resolveParameters(Object section, Map<String, String> overrides) {
        Map<String, Object> defs = section instanceof Map ? (Map<String, Object>) section : Map.of();
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
            Object allowed = def.get("AllowedValues");
            if (allowed instanceof List && !((List<?>) allowed).isEmpty()) {
                List<String> ok = new ArrayList<>();
                for (Object a : (List<?>) allowed) {
                    ok.add(scalarText(a, "AllowedValues of " + name));
                }
                boolean isList = type.startsWith("List<") || type.equals("CommaDelimitedList");
                for (String part : isList ? List.of(value.split(",", -1)) : List.of(value)) {
                    if (!ok.contains(part.trim())) {
                        throw error("parameter " + name + " value '" + part + "' is not one of its AllowedValues " + ok);
                    }
                }
            }
            if (def.get("AllowedPattern") instanceof String && !type.startsWith("List<") && !type.equals("CommaDelimitedList")) {
                String pattern = (String) def.get("AllowedPattern");
                try {
                    if (!value.matches(pattern)) {
                        throw error("parameter " + name + " value '" + value + "' does not match its AllowedPattern " + pattern);
                    }
                } catch (java.util.regex.PatternSyntaxException ignored) {
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
            if (type.startsWith("List<") || type.equals("CommaDelimitedList")) {
                List<Object> items = new ArrayList<>();
                for (String part : value.split(",", -1)) {
                    items.add(type.equals("CommaDelimitedList") ? part : part.trim());
                }
                parameters.put(name, items);
            } else if (type.startsWith("AWS::SSM::Parameter::Value<")) {
                parameters.put(name, type.contains("List<") || type.contains("CommaDelimitedList")
                        ? List.of("{{resolve:ssm:" + value + "}}") : "{{resolve:ssm:" + value + "}}");
            } else {
                parameters.put(name, value);
            }
        }
        for (String name : overrides.keySet()) {
            if (!defs.containsKey(name)) {
                throw error("--parameter-overrides names " + name + ", which is not a parameter of this template");
            }
        }
    }

    private String scalarText(Object v, String what) {
        String scalar = scalarOrNull(v);
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

    // ------------------------------------------------------------------ conditions

    boolean condition(String name) {
        Boolean known = conditions.get(name);
        if (known != null) {
            return known;
        }
        if (!conditionDefs.containsKey(name)) {
            throw error("condition " + name + " is not defined in Conditions");
        }
        if (!evaluating.add(name)) {
            throw error("condition " + name + " refers to itself");
        }
        Object v = resolve(conditionDefs.get(name), 0, true);
        evaluating.remove(name);
        if (!(v instanceof Boolean)) {
            throw error("condition " + name + " does not evaluate to true or false");
        }
        conditions.put(name, (Boolean) v);
        return (Boolean) v;
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
    private Object resolve(Object value, int depth, boolean inCondition) {
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
                return function(key, only.getValue(), depth, inCondition);
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

    private List<?> args(String fn, Object arg, int min, int max) {
        if (!(arg instanceof List) || ((List<?>) arg).size() < min || ((List<?>) arg).size() > max) {
            throw error(fn + " needs a list of " + (min == max ? String.valueOf(min) : min + " to " + max) + " arguments");
        }
        return (List<?>) arg;
    }

    private String string(String fn, Object v) {
        String scalar = scalarOrNull(v);
        if (scalar != null) {
            return scalar;
        }
        throw error(fn + " needs a string here, got " + describe(v));
    }

    /** The text of a string, number or boolean as a template means it; null for anything else. */
    private static String scalarOrNull(Object v) {
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

    private static String describe(Object v) {
        if (v == null) {
            return "nothing";
        }
        if (v instanceof List) {
            return "a list";
        }
        if (v instanceof Map) {
            return "a mapping " + ((Map<?, ?>) v).keySet();
        }
        return "'" + v + "'";
    }

    private List<?> list(String fn, Object v) {
        if (v instanceof List) {
            return (List<?>) v;
        }
        throw error(fn + " needs a list here, got " + describe(v));
    }

    private Object function(String fn, Object arg, int depth, boolean inCondition) {
        switch (fn) {
            case "Ref":
                return ref(string("Ref", resolve(arg, depth + 1, inCondition)));
            case "Condition":
                return condition(string("Condition", arg));
            case "Fn::GetAtt": {
                List<Object> parts = new ArrayList<>();
                if (arg instanceof String) {
                    String s = (String) arg;
                    int dot = s.indexOf('.');
                    if (dot <= 0) {
                        throw error("Fn::GetAtt needs Resource.Attribute, got '" + s + "'");
                    }
                    parts.add(s.substring(0, dot));
                    parts.add(s.substring(dot + 1));
                } else {
                    for (Object o : args("Fn::GetAtt", arg, 2, 2)) {
                        parts.add(resolve(o, depth + 1, inCondition));
                    }
                }
                return getAtt(string("Fn::GetAtt", parts.get(0)), string("Fn::GetAtt", parts.get(1)));
            }
            case "Fn::Sub":
                return sub(arg, depth, inCondition);
            case "Fn::Join": {
                List<?> a = args("Fn::Join", arg, 2, 2);
                String delimiter = string("Fn::Join", resolve(a.get(0), depth + 1, inCondition));
                List<String> parts = new ArrayList<>();
                for (Object o : list("Fn::Join", resolve(a.get(1), depth + 1, inCondition))) {
                    parts.add(string("Fn::Join", o));
                }
                return String.join(delimiter, parts);
            }
            case "Fn::Select": {
                List<?> a = args("Fn::Select", arg, 2, 2);
                String index = string("Fn::Select", resolve(a.get(0), depth + 1, inCondition));
                List<?> items = list("Fn::Select", resolve(a.get(1), depth + 1, inCondition));
                int i;
                try {
                    i = Integer.parseInt(index.trim());
                } catch (NumberFormatException e) {
                    throw error("Fn::Select index '" + index + "' is not a number");
                }
                if (i < 0 || i >= items.size()) {
                    throw error("Fn::Select index " + i + " is outside the list of " + items.size());
                }
                return items.get(i);
            }
            case "Fn::Split": {
                List<?> a = args("Fn::Split", arg, 2, 2);
                String delimiter = string("Fn::Split", resolve(a.get(0), depth + 1, inCondition));
                String source = string("Fn::Split", resolve(a.get(1), depth + 1, inCondition));
                if (delimiter.isEmpty()) {
                    throw error("Fn::Split needs a delimiter");
                }
                return new ArrayList<Object>(List.of(source.split(java.util.regex.Pattern.quote(delimiter), -1)));
            }
            case "Fn::If": {
                List<?> a = args("Fn::If", arg, 3, 3);
                boolean c = condition(string("Fn::If", a.get(0)));
                return resolve(c ? a.get(1) : a.get(2), depth + 1, inCondition);
            }
            case "Fn::Equals": {
                List<?> a = args("Fn::Equals", arg, 2, 2);
                Object x = resolve(a.get(0), depth + 1, true);
                Object y = resolve(a.get(1), depth + 1, true);
                return comparable(x).equals(comparable(y));
            }
            case "Fn::And":
            case "Fn::Or": {
                List<?> a = args(fn, arg, 2, 10);
                boolean and = fn.equals("Fn::And");
                boolean result = and;
                for (Object o : a) {
                    boolean b = bool(fn, resolve(o, depth + 1, true));
                    result = and ? result && b : result || b;
                }
                return result;
            }
            case "Fn::Not": {
                List<?> a = args("Fn::Not", arg, 1, 1);
                return !bool("Fn::Not", resolve(a.get(0), depth + 1, true));
            }
            case "Fn::FindInMap":
                return findInMap(arg, depth, inCondition);
            case "Fn::Base64":
                return Base64.getEncoder().encodeToString(string("Fn::Base64", resolve(arg, depth + 1, inCondition))
                        .getBytes(StandardCharsets.UTF_8));
            case "Fn::GetAZs": {
                String r = arg == null ? "" : string("Fn::GetAZs", resolve(arg, depth + 1, inCondition));
                String reg = r.isEmpty() ? region : r;
                return new ArrayList<Object>(List.of(reg + "a", reg + "b", reg + "c"));
            }
            case "Fn::ImportValue": {
                String name = string("Fn::ImportValue", resolve(arg, depth + 1, inCondition));
                return "imported-" + name;
            }
            case "Fn::Cidr":
                return cidr(arg, depth, inCondition);
            case "Fn::Length":
                return new BigDecimal(list("Fn::Length", resolve(arg, depth + 1, inCondition)).size());
            case "Fn::ToJsonString":
                return toJson(resolve(arg, depth + 1, inCondition));
            case "Fn::Transform":
                throw error("Fn::Transform (a macro) cannot be expanded offline");
            case "Fn::ForEach":
                throw error("Fn::ForEach cannot be expanded offline");
            default:
                throw error("unknown intrinsic function " + fn);
        }
    }

    private static String comparable(Object v) {
        if (v instanceof BigDecimal) {
            return ((BigDecimal) v).toPlainString();
        }
        return String.valueOf(v);
    }

    private boolean bool(String fn, Object v) {
        if (v instanceof Boolean) {
            return (Boolean) v;
        }
        if (v instanceof String && (v.equals("true") || v.equals("false"))) {
            return Boolean.parseBoolean((String) v);
        }
        throw error(fn + " needs conditions, got " + describe(v));
    }

    private Object ref(String name) {
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
                return region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
            case "AWS::URLSuffix":
                return region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
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

    private Object getAtt(String logicalId, String attribute) {
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

    private String sub(Object arg, int depth, boolean inCondition) {
        String text;
        Map<String, Object> vars = new HashMap<>();
        if (arg instanceof String) {
            text = (String) arg;
        } else {
            List<?> a = args("Fn::Sub", arg, 1, 2);
            text = string("Fn::Sub", a.get(0));
            if (a.size() == 2) {
                Object m = a.get(1);
                if (!(m instanceof Map)) {
                    throw error("Fn::Sub variables must be a mapping");
                }
                for (Map.Entry<?, ?> e : ((Map<?, ?>) m).entrySet()) {
                    vars.put(String.valueOf(e.getKey()), resolve(e.getValue(), depth + 1, inCondition));
                }
            }
        }
        try {
            return SubTemplate.render(text, name -> {
                Object v;
                if (vars.containsKey(name)) {
                    v = vars.get(name);
                } else if (name.contains(".") && !parameters.containsKey(name) && !name.startsWith("AWS::")) {
                    int dot = name.indexOf('.');
                    v = getAtt(name.substring(0, dot), name.substring(dot + 1));
                } else {
                    v = ref(name);
                }
                if (v == NO_VALUE) {
                    throw error("Fn::Sub cannot use AWS::NoValue");
                }
                if (v instanceof List) {
                    throw error("Fn::Sub: ${" + name + "} is a list; use Fn::Join");
                }
                return string("Fn::Sub", v);
            });
        } catch (SubTemplate.UnclosedException e) {
            throw error(e.getMessage());
        }
    }

    private Object findInMap(Object arg, int depth, boolean inCondition) {
        List<?> a = args("Fn::FindInMap", arg, 3, 4);
        String map = string("Fn::FindInMap", resolve(a.get(0), depth + 1, inCondition));
        String top = string("Fn::FindInMap", resolve(a.get(1), depth + 1, inCondition));
        String second = string("Fn::FindInMap", resolve(a.get(2), depth + 1, inCondition));
        Object m = mappings.get(map);
        Object t = m instanceof Map ? ((Map<?, ?>) m).get(top) : null;
        Object v = t instanceof Map ? ((Map<?, ?>) t).get(second) : null;
        if (v == null) {
            if (a.size() == 4 && a.get(3) instanceof Map && ((Map<?, ?>) a.get(3)).containsKey("DefaultValue")) {
                return resolve(((Map<?, ?>) a.get(3)).get("DefaultValue"), depth + 1, inCondition);
            }
            throw error("Fn::FindInMap: Mappings has no " + map + "." + top + "." + second);
        }
        return resolve(v, depth + 1, inCondition);
    }

    private Object cidr(Object arg, int depth, boolean inCondition) {
        List<?> a = args("Fn::Cidr", arg, 3, 3);
        String block = string("Fn::Cidr", resolve(a.get(0), depth + 1, inCondition));
        int count;
        int bits;
        try {
            count = Integer.parseInt(string("Fn::Cidr", resolve(a.get(1), depth + 1, inCondition)).trim());
            bits = Integer.parseInt(string("Fn::Cidr", resolve(a.get(2), depth + 1, inCondition)).trim());
        } catch (NumberFormatException e) {
            throw error("Fn::Cidr count and cidrBits must be numbers");
        }
        String[] parts = block.split("/");
        String[] octets = parts[0].split("\\.");
        if (parts.length != 2 || octets.length != 4) {
            throw error("Fn::Cidr supports IPv4 blocks such as 10.0.0.0/16, got '" + block + "'");
        }
        long base = 0;
        int prefix;
        try {
            for (String o : octets) {
                int v = Integer.parseInt(o);
                if (v < 0 || v > 255) {
                    throw new NumberFormatException();
                }
                base = (base << 8) | v;
            }
            prefix = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw error("Fn::Cidr: '" + block + "' is not an IPv4 CIDR block");
        }
        int newPrefix = 32 - bits;
        if (count < 1 || count > 256 || bits < 1 || newPrefix < prefix || newPrefix > 32) {
            throw error("Fn::Cidr cannot cut " + count + " subnets of " + bits + " host bits from " + block);
        }
        if ((1L << (newPrefix - prefix)) < count) {
            throw error("Fn::Cidr: " + block + " holds fewer than " + count + " subnets of /" + newPrefix);
        }
        long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        long start = base & mask;
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long addr = start + ((long) i << bits);
            out.add(((addr >> 24) & 255) + "." + ((addr >> 16) & 255) + "." + ((addr >> 8) & 255) + "." + (addr & 255) + "/" + newPrefix);
        }
        return out;
    }

    private String toJson(Object v) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(v);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw error("Fn::ToJsonString: " + e.getOriginalMessage());
        }
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
