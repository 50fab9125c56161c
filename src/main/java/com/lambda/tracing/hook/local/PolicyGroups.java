package com.lambda.tracing.hook.local;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which Guard policies can share one cfn-guard process: those whose Guard rule names do not collide (results are
 * attributed back by name) and whose parameters agree (a document carries one merged {@code CONFIG_RULE_PARAMETERS}).
 */
final class PolicyGroups {
    private static final Pattern RULE_DECL = Pattern.compile("(?m)^[ \\t]*rule[ \\t]+([A-Za-z0-9_]+)");

    private PolicyGroups() {
    }

    /** Packs policies into as few processes as possible: disjoint Guard rule names, agreeing parameters. */
    static List<List<Integer>> of(List<GuardRunner.Policy> policies) {
        List<List<Integer>> groups = new ArrayList<>();
        List<Set<String>> names = new ArrayList<>();
        List<Map<String, String>> params = new ArrayList<>();
        for (int i = 0; i < policies.size(); i++) {
            GuardRunner.Policy p = policies.get(i);
            Set<String> ruleNames = ruleNames(p.text());
            int chosen = -1;
            for (int g = 0; g < groups.size() && chosen < 0; g++) {
                if (Collections.disjoint(names.get(g), ruleNames) && agree(params.get(g), p.parameters())) {
                    chosen = g;
                }
            }
            if (chosen < 0) {
                groups.add(new ArrayList<>());
                names.add(new LinkedHashSet<>());
                params.add(new LinkedHashMap<>());
                chosen = groups.size() - 1;
            }
            groups.get(chosen).add(i);
            names.get(chosen).addAll(ruleNames);
            params.get(chosen).putAll(p.parameters());
        }
        return groups;
    }

    private static boolean agree(Map<String, String> a, Map<String, String> b) {
        for (Map.Entry<String, String> e : b.entrySet()) {
            String other = a.get(e.getKey());
            if (other != null && !other.equals(e.getValue())) {
                return false;
            }
        }
        return true;
    }

    static Set<String> ruleNames(String text) {
        Set<String> names = new LinkedHashSet<>();
        StringBuilder code = new StringBuilder(text.length());
        for (String line : text.split("\\R")) {
            String t = line.stripLeading();
            if (!t.startsWith("#")) {
                code.append(line).append('\n');
            }
        }
        Matcher m = RULE_DECL.matcher(code);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
