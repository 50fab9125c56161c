package com.lambda.tracing.hook.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * After translation, references to SAM resources that got new logical ids (layers) and to the {@code Fn.Alias} /
 * {@code Fn.Version} pseudo attributes are rewritten everywhere in the template, in {@code Ref}, {@code Fn::GetAtt}
 * and {@code Fn::Sub}.
 */
final class SamReferences {
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");

    private SamReferences() {
    }

    static void rewrite(ObjectNode template, SamTransform.Context ctx) {
        if (ctx.renamed.isEmpty() && ctx.references.isEmpty()) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = template.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            e.setValue(walk(e.getValue(), ctx));
        }
    }

    private static JsonNode walk(JsonNode node, SamTransform.Context ctx) {
        if (node.isObject()) {
            if (Intrinsics.isIntrinsic(node, "Ref") && node.get("Ref").isTextual()) {
                String target = target(node.get("Ref").asText(), ctx);
                return target == null ? node : SamTransform.ref(target);
            }
            if (Intrinsics.isIntrinsic(node, "Fn::GetAtt")) {
                JsonNode args = node.get("Fn::GetAtt");
                if (args.isArray() && args.size() >= 2 && args.get(0).isTextual()) {
                    String target = target(args.get(0).asText(), ctx);
                    if (target != null) {
                        ((ArrayNode) args).set(0, TextNode.valueOf(target));
                    }
                    return node;
                }
                if (args.isTextual()) {
                    String s = args.asText();
                    for (Map.Entry<String, String> r : ctx.references.entrySet()) {
                        if (s.startsWith(r.getKey() + ".")) {
                            ((ObjectNode) node).put("Fn::GetAtt", r.getValue() + s.substring(r.getKey().length()));
                        }
                    }
                    return node;
                }
            }
            if (Intrinsics.isIntrinsic(node, "Fn::Sub")) {
                JsonNode arg = node.get("Fn::Sub");
                if (arg.isTextual()) {
                    ((ObjectNode) node).put("Fn::Sub", sub(arg.asText(), ctx));
                    return node;
                }
                if (arg.isArray() && arg.size() > 0 && arg.get(0).isTextual()) {
                    ((ArrayNode) arg).set(0, TextNode.valueOf(sub(arg.get(0).asText(), ctx)));
                    for (int i = 1; i < arg.size(); i++) {
                        ((ArrayNode) arg).set(i, walk(arg.get(i), ctx));
                    }
                    return node;
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                e.setValue(walk(e.getValue(), ctx));
            }
            return node;
        }
        if (node.isArray()) {
            ArrayNode a = (ArrayNode) node;
            for (int i = 0; i < a.size(); i++) {
                a.set(i, walk(a.get(i), ctx));
            }
        }
        return node;
    }

    private static String target(String name, SamTransform.Context ctx) {
        String renamed = ctx.renamed.get(name);
        return renamed != null ? renamed : ctx.references.get(name);
    }

    private static String sub(String text, SamTransform.Context ctx) {
        Matcher m = SUB_VARIABLE.matcher(text);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String replacement = m.group();
            String target = target(name, ctx);
            if (target != null) {
                replacement = "${" + target + "}";
            } else {
                for (Map.Entry<String, String> r : ctx.references.entrySet()) {
                    if (name.startsWith(r.getKey() + ".")) {
                        replacement = "${" + r.getValue() + name.substring(r.getKey().length()) + "}";
                    }
                }
            }
            m.appendReplacement(b, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(b);
        return b.toString();
    }
}
