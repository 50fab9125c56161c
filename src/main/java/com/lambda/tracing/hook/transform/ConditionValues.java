package com.lambda.tracing.hook.transform;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The values of a template's Conditions, each evaluated once: a condition that is not defined, that refers to itself
 * or that is not true or false is an error. The evaluation is the caller's ({@code evaluate} answers a Boolean, null
 * when the value is not known yet, or anything else for a value that is no truth value).
 */
public final class ConditionValues {
    private final Predicate<String> defined;
    private final Function<String, Object> evaluate;
    private final Function<String, ? extends RuntimeException> error;
    private final Map<String, Boolean> values = new HashMap<>();
    private final Set<String> evaluating = new HashSet<>();

    public ConditionValues(Predicate<String> defined, Function<String, Object> evaluate,
                           Function<String, ? extends RuntimeException> error) {
        this.defined = defined;
        this.evaluate = evaluate;
        this.error = error;
    }

    /** The value of the condition {@code name}, null when it depends on something not known yet. */
    public Boolean value(String name) {
        Boolean known = values.get(name);
        if (known != null) {
            return known;
        }
        if (!defined.test(name)) {
            throw error.apply("condition " + name + " is not defined in Conditions");
        }
        if (!evaluating.add(name)) {
            throw error.apply("condition " + name + " refers to itself");
        }
        try {
            Object v = evaluate.apply(name);
            if (v == null) {
                return null;
            }
            if (!(v instanceof Boolean)) {
                throw error.apply("condition " + name + " does not evaluate to true or false");
            }
            values.put(name, (Boolean) v);
            return (Boolean) v;
        } finally {
            evaluating.remove(name);
        }
    }
}
