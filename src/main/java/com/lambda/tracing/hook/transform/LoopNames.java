package com.lambda.tracing.hook.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The RFC's constraints on {@code Fn::ForEach} names, checked before any loop is expanded: loops stand only in
 * Resources, Conditions and Outputs, and their names are unique in the template and differ from every parameter and
 * resource.
 */
final class LoopNames {
    private final Position position;
    private final TemplateNames names;
    private final Set<String> seen = new HashSet<>();

    private LoopNames(Position position, TemplateNames names) {
        this.position = position;
        this.names = names;
    }

    static void check(ObjectNode template, Position position, TemplateNames names) {
        new LoopNames(position, names).check(template);
    }

    private void check(ObjectNode template) {
        for (Iterator<Map.Entry<String, JsonNode>> it = template.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            position.section(e.getKey());
            if (!LanguageExtensions.LOOP_SECTIONS.contains(e.getKey())) {
                if (containsLoop(e.getValue())) {
                    throw position.error(LanguageExtensions.LOOP
                            + " can be used only in the Resources, Conditions and Outputs sections");
                }
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> top = e.getValue().fields(); top.hasNext(); ) {
                Map.Entry<String, JsonNode> t = top.next();
                position.key(t.getKey());
                collect(t.getKey(), t.getValue());
            }
        }
    }

    private void collect(String k, JsonNode value) {
        if (LanguageExtensions.isLoop(k)) {
            String loop = LanguageExtensions.LOOP;
            String name = k.length() > loop.length() + 2 ? k.substring(loop.length() + 2) : "";
            if (name.isEmpty()) {
                throw position.error("a loop needs a name: write " + loop + "::Name");
            }
            if (!seen.add(name)) {
                throw position.error("the loop name " + name + " is used twice; loop names must be unique in the template");
            }
            if (names.isResource(name) || names.isParameter(name)) {
                throw position.error("the loop name " + name + " is also the name of a "
                        + (names.isResource(name) ? "resource" : "parameter"));
            }
        }
        if (value.isObject()) {
            value.fields().forEachRemaining(e -> collect(e.getKey(), e.getValue()));
        } else if (value.isArray()) {
            value.forEach(v -> collect("", v));
        }
    }

    private static boolean containsLoop(JsonNode node) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (LanguageExtensions.isLoop(e.getKey()) || containsLoop(e.getValue())) {
                    return true;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode n : node) {
                if (containsLoop(n)) {
                    return true;
                }
            }
        }
        return false;
    }
}
