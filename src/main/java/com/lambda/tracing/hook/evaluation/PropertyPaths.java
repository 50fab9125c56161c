package com.lambda.tracing.hook.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies of resource properties as the plugin hands them over (maps, lists and scalars), walked by property path:
 * {@code Environment.Variables.DB_URL}, with {@code *} for any list element ({@code Layers.*}), the paths the
 * registry schema's types and the masking rules are written in.
 */
final class PropertyPaths {
    /** What becomes of one member of a map ({@code name} is its key) or element of a list ({@code name} is null). */
    @FunctionalInterface
    interface Rewrite {
        Object apply(Object value, String path, String name);
    }

    private PropertyPaths() {
    }

    /**
     * A new map or list whose members or elements are what {@code rewrite} makes of the original ones, in the same
     * order; any other value as it is. A recursive rewrite calls this again for the values it does not replace.
     */
    static Object copyChildren(Object value, String path, Rewrite rewrite) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                out.put(key, rewrite.apply(e.getValue(), path.isEmpty() ? key : path + "." + key, key));
            }
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object item : list) {
                out.add(rewrite.apply(item, path + ".*", null));
            }
            return out;
        }
        return value;
    }
}
