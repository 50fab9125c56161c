package com.lambda.tracing.hook.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lambda.tracing.hook.transform.SubTemplate;
import com.lambda.tracing.hook.transform.TemplateFunctions;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The intrinsic functions {@link IntrinsicResolver} applies, each as CloudFormation does before it calls a hook;
 * what only a deployment knows (an import, the Availability Zones) becomes a realistic placeholder.
 */
final class IntrinsicFunctions {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final IntrinsicResolver resolver;

    IntrinsicFunctions(IntrinsicResolver resolver) {
        this.resolver = resolver;
    }

    private List<?> args(String fn, Object arg, int min, int max) {
        if (!(arg instanceof List) || ((List<?>) arg).size() < min || ((List<?>) arg).size() > max) {
            throw resolver.error(TemplateFunctions.argumentCount(fn, min, max));
        }
        return (List<?>) arg;
    }

    private String string(String fn, Object v) {
        String scalar = IntrinsicResolver.scalarOrNull(v);
        if (scalar != null) {
            return scalar;
        }
        throw resolver.error(fn + " needs a string here, got " + describe(v));
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
        throw resolver.error(fn + " needs a list here, got " + describe(v));
    }

    Object apply(String fn, Object arg, int depth, boolean inCondition) {
        switch (fn) {
            case "Ref":
                return resolver.ref(string("Ref", resolver.resolve(arg, depth + 1, inCondition)));
            case "Condition":
                return resolver.condition(string("Condition", arg));
            case "Fn::GetAtt": {
                List<Object> parts = new ArrayList<>();
                if (arg instanceof String) {
                    String s = (String) arg;
                    int dot = s.indexOf('.');
                    if (dot <= 0) {
                        throw resolver.error("Fn::GetAtt needs Resource.Attribute, got '" + s + "'");
                    }
                    parts.add(s.substring(0, dot));
                    parts.add(s.substring(dot + 1));
                } else {
                    for (Object o : args("Fn::GetAtt", arg, 2, 2)) {
                        parts.add(resolver.resolve(o, depth + 1, inCondition));
                    }
                }
                return resolver.getAtt(string("Fn::GetAtt", parts.get(0)), string("Fn::GetAtt", parts.get(1)));
            }
            case "Fn::Sub":
                return sub(arg, depth, inCondition);
            case "Fn::Join": {
                List<?> a = args("Fn::Join", arg, 2, 2);
                String delimiter = string("Fn::Join", resolver.resolve(a.get(0), depth + 1, inCondition));
                List<String> parts = new ArrayList<>();
                for (Object o : list("Fn::Join", resolver.resolve(a.get(1), depth + 1, inCondition))) {
                    parts.add(string("Fn::Join", o));
                }
                return String.join(delimiter, parts);
            }
            case "Fn::Select": {
                List<?> a = args("Fn::Select", arg, 2, 2);
                String index = string("Fn::Select", resolver.resolve(a.get(0), depth + 1, inCondition));
                List<?> items = list("Fn::Select", resolver.resolve(a.get(1), depth + 1, inCondition));
                return items.get(TemplateFunctions.selectIndex(index, items.size(), resolver::error));
            }
            case "Fn::Split": {
                List<?> a = args("Fn::Split", arg, 2, 2);
                String delimiter = string("Fn::Split", resolver.resolve(a.get(0), depth + 1, inCondition));
                String source = string("Fn::Split", resolver.resolve(a.get(1), depth + 1, inCondition));
                return new ArrayList<Object>(TemplateFunctions.split(delimiter, source, resolver::error));
            }
            case "Fn::If": {
                List<?> a = args("Fn::If", arg, 3, 3);
                boolean c = resolver.condition(string("Fn::If", a.get(0)));
                return resolver.resolve(c ? a.get(1) : a.get(2), depth + 1, inCondition);
            }
            case "Fn::Equals": {
                List<?> a = args("Fn::Equals", arg, 2, 2);
                Object x = resolver.resolve(a.get(0), depth + 1, true);
                Object y = resolver.resolve(a.get(1), depth + 1, true);
                return comparable(x).equals(comparable(y));
            }
            case "Fn::And":
            case "Fn::Or": {
                List<?> a = args(fn, arg, 2, 10);
                boolean and = fn.equals("Fn::And");
                boolean result = and;
                for (Object o : a) {
                    boolean b = bool(fn, resolver.resolve(o, depth + 1, true));
                    result = and ? result && b : result || b;
                }
                return result;
            }
            case "Fn::Not": {
                List<?> a = args("Fn::Not", arg, 1, 1);
                return !bool("Fn::Not", resolver.resolve(a.get(0), depth + 1, true));
            }
            case "Fn::FindInMap":
                return findInMap(arg, depth, inCondition);
            case "Fn::Base64":
                return TemplateFunctions.base64(string("Fn::Base64", resolver.resolve(arg, depth + 1, inCondition)));
            case "Fn::GetAZs": {
                String r = arg == null ? "" : string("Fn::GetAZs", resolver.resolve(arg, depth + 1, inCondition));
                String reg = r.isEmpty() ? resolver.region() : r;
                return new ArrayList<Object>(List.of(reg + "a", reg + "b", reg + "c"));
            }
            case "Fn::ImportValue": {
                String name = string("Fn::ImportValue", resolver.resolve(arg, depth + 1, inCondition));
                return "imported-" + name;
            }
            case "Fn::Cidr":
                return cidr(arg, depth, inCondition);
            case "Fn::Length":
                return new BigDecimal(list("Fn::Length", resolver.resolve(arg, depth + 1, inCondition)).size());
            case "Fn::ToJsonString":
                return toJson(resolver.resolve(arg, depth + 1, inCondition));
            case "Fn::Transform":
                throw resolver.error("Fn::Transform (a macro) cannot be expanded offline");
            case "Fn::ForEach":
                throw resolver.error("Fn::ForEach cannot be expanded offline");
            default:
                throw resolver.error("unknown intrinsic function " + fn);
        }
    }

    private static String comparable(Object v) {
        if (v instanceof BigDecimal) {
            return ((BigDecimal) v).toPlainString();
        }
        return String.valueOf(v);
    }

    private boolean bool(String fn, Object v) {
        Boolean b = v instanceof Boolean || v instanceof String ? TemplateFunctions.truth(v) : null;
        if (b != null) {
            return b;
        }
        throw resolver.error(fn + " needs conditions, got " + describe(v));
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
                    throw resolver.error("Fn::Sub variables must be a mapping");
                }
                for (Map.Entry<?, ?> e : ((Map<?, ?>) m).entrySet()) {
                    vars.put(String.valueOf(e.getKey()), resolver.resolve(e.getValue(), depth + 1, inCondition));
                }
            }
        }
        try {
            return SubTemplate.render(text, name -> {
                Object v;
                if (vars.containsKey(name)) {
                    v = vars.get(name);
                } else if (name.contains(".") && !resolver.isParameter(name) && !name.startsWith("AWS::")) {
                    int dot = name.indexOf('.');
                    v = resolver.getAtt(name.substring(0, dot), name.substring(dot + 1));
                } else {
                    v = resolver.ref(name);
                }
                if (v == IntrinsicResolver.NO_VALUE) {
                    throw resolver.error("Fn::Sub cannot use AWS::NoValue");
                }
                if (v instanceof List) {
                    throw resolver.error("Fn::Sub: ${" + name + "} is a list; use Fn::Join");
                }
                return string("Fn::Sub", v);
            });
        } catch (SubTemplate.UnclosedException e) {
            throw resolver.error(e.getMessage());
        }
    }

    private Object findInMap(Object arg, int depth, boolean inCondition) {
        List<?> a = args("Fn::FindInMap", arg, 3, 4);
        String map = string("Fn::FindInMap", resolver.resolve(a.get(0), depth + 1, inCondition));
        String top = string("Fn::FindInMap", resolver.resolve(a.get(1), depth + 1, inCondition));
        String second = string("Fn::FindInMap", resolver.resolve(a.get(2), depth + 1, inCondition));
        Object m = resolver.mappings().get(map);
        Object t = m instanceof Map ? ((Map<?, ?>) m).get(top) : null;
        Object v = t instanceof Map ? ((Map<?, ?>) t).get(second) : null;
        if (v == null) {
            if (a.size() == 4 && a.get(3) instanceof Map && ((Map<?, ?>) a.get(3)).containsKey("DefaultValue")) {
                return resolver.resolve(((Map<?, ?>) a.get(3)).get("DefaultValue"), depth + 1, inCondition);
            }
            throw resolver.error("Fn::FindInMap: Mappings has no " + map + "." + top + "." + second);
        }
        return resolver.resolve(v, depth + 1, inCondition);
    }

    private Object cidr(Object arg, int depth, boolean inCondition) {
        List<?> a = args("Fn::Cidr", arg, 3, 3);
        String block = string("Fn::Cidr", resolver.resolve(a.get(0), depth + 1, inCondition));
        int count;
        int bits;
        try {
            count = Integer.parseInt(string("Fn::Cidr", resolver.resolve(a.get(1), depth + 1, inCondition)).trim());
            bits = Integer.parseInt(string("Fn::Cidr", resolver.resolve(a.get(2), depth + 1, inCondition)).trim());
        } catch (NumberFormatException e) {
            throw resolver.error("Fn::Cidr count and cidrBits must be numbers");
        }
        String[] parts = block.split("/");
        String[] octets = parts[0].split("\\.");
        if (parts.length != 2 || octets.length != 4) {
            throw resolver.error("Fn::Cidr supports IPv4 blocks such as 10.0.0.0/16, got '" + block + "'");
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
            throw resolver.error("Fn::Cidr: '" + block + "' is not an IPv4 CIDR block");
        }
        int newPrefix = 32 - bits;
        if (count < 1 || count > 256 || bits < 1 || newPrefix < prefix || newPrefix > 32) {
            throw resolver.error("Fn::Cidr cannot cut " + count + " subnets of " + bits + " host bits from " + block);
        }
        if ((1L << (newPrefix - prefix)) < count) {
            throw resolver.error("Fn::Cidr: " + block + " holds fewer than " + count + " subnets of /" + newPrefix);
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
            return JSON.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            throw resolver.error("Fn::ToJsonString: " + e.getOriginalMessage());
        }
    }
}
