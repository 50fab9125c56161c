package com.lambda.tracing.hook.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A small command-line parser: {@code --name value}, {@code --name=value}, flags, repeated and multi-value options. */
final class Args {
    final Map<String, List<String>> options = new LinkedHashMap<>();
    final List<String> positional = new ArrayList<>();

    static Args parse(List<String> argv, Set<String> valued, Set<String> flags, Set<String> multiValued) {
        Args a = new Args();
        for (int i = 0; i < argv.size(); i++) {
            String arg = argv.get(i);
            if (arg.equals("--")) {
                a.positional.addAll(argv.subList(i + 1, argv.size()));
                break;
            }
            if (!arg.startsWith("-") || arg.equals("-")) {
                a.positional.add(arg);
                continue;
            }
            String name = arg;
            String inline = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                inline = arg.substring(eq + 1);
            }
            if (flags.contains(name)) {
                if (inline != null) {
                    throw new UsageException(name + " takes no value");
                }
                a.options.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
            } else if (multiValued.contains(name)) {
                List<String> values = a.options.computeIfAbsent(name, k -> new ArrayList<>());
                if (inline != null) {
                    values.add(inline);
                }
                while (i + 1 < argv.size() && !argv.get(i + 1).startsWith("-") && argv.get(i + 1).contains("=")) {
                    values.add(argv.get(++i));
                }
                if (values.isEmpty()) {
                    throw new UsageException(name + " needs at least one KEY=VALUE");
                }
            } else if (valued.contains(name)) {
                String value = inline;
                if (value == null) {
                    if (i + 1 >= argv.size()) {
                        throw new UsageException(name + " needs a value");
                    }
                    value = argv.get(++i);
                }
                a.options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else {
                throw new UsageException("unknown option " + name);
            }
        }
        return a;
    }

    String value(String name) {
        List<String> v = options.get(name);
        return v == null ? null : v.get(v.size() - 1);
    }

    List<String> values(String name) {
        return options.getOrDefault(name, List.of());
    }

    boolean flag(String name) {
        return options.containsKey(name);
    }

    int intValue(String name, int dflt, int min, int max) {
        String v = value(name);
        if (v == null) {
            return dflt;
        }
        try {
            int i = Integer.parseInt(v.trim());
            if (i < min || i > max) {
                throw new UsageException(name + " must be between " + min + " and " + max);
            }
            return i;
        } catch (NumberFormatException e) {
            throw new UsageException(name + " needs a number, not '" + v + "'");
        }
    }
}
