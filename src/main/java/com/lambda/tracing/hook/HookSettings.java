package com.lambda.tracing.hook;

import com.lambda.tracing.hook.common.Text;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lambda.tracing.hook.evaluation.EvaluationSettings;
import com.lambda.tracing.hook.evaluation.OnIndeterminate;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Validates the type configuration and turns it into {@link EvaluationSettings}. Every field is optional; a missing
 * configuration means the defaults. CloudFormation may send scalars as strings, so {@code "20"} is read as 20.
 */
final class HookSettings {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String EVALUATION_TIMEOUT = "EvaluationTimeoutSeconds";
    static final String ON_INDETERMINATE = "OnIndeterminate";
    static final String REQUIRED_RULES = "RequiredRules";
    static final String MAX_REINVOCATIONS = "MaxReinvocations";
    static final String MAX_WAIT = "MaxWaitPerInvocationSeconds";
    static final String CALLBACK_DELAY = "CallbackDelaySeconds";

    /** A type configuration value the hook cannot use; the message names the field. */
    static final class InvalidSetting extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidSetting(String message) {
            super(message);
        }
    }

    private HookSettings() {
    }

    static EvaluationSettings from(TypeConfigurationModel model) throws InvalidSetting {
        if (model == null) {
            return EvaluationSettings.defaults();
        }
        int timeout = integer(EVALUATION_TIMEOUT, model.getEvaluationTimeoutSeconds(),
                EvaluationSettings.DEFAULT_EVALUATION_TIMEOUT_SECONDS, 1, 3600);
        OnIndeterminate onIndeterminate = onIndeterminate(model.getOnIndeterminate());
        List<String> required = ruleNames(model.getRequiredRules());
        int maxReinvocations = integer(MAX_REINVOCATIONS, model.getMaxReinvocations(),
                EvaluationSettings.DEFAULT_MAX_REINVOCATIONS, 0, 100);
        int maxWait = integer(MAX_WAIT, model.getMaxWaitPerInvocationSeconds(),
                EvaluationSettings.DEFAULT_MAX_WAIT_PER_INVOCATION_SECONDS, 1, 25);
        int callbackDelay = integer(CALLBACK_DELAY, model.getCallbackDelaySeconds(),
                EvaluationSettings.DEFAULT_CALLBACK_DELAY_SECONDS, 1, 60);
        return new EvaluationSettings(timeout, onIndeterminate, required, maxReinvocations,
                Duration.ofSeconds(maxWait), callbackDelay);
    }

    private static int integer(String field, Object value, int defaultValue, int min, int max) throws InvalidSetting {
        if (value == null || (value instanceof String s && s.isBlank())) {
            return defaultValue;
        }
        BigDecimal number;
        try {
            if (value instanceof Number n) {
                number = new BigDecimal(n.toString());
            } else if (value instanceof String s) {
                number = new BigDecimal(s.strip());
            } else {
                throw new InvalidSetting(field + " must be an integer from " + min + " to " + max + ", got " + describe(value));
            }
        } catch (NumberFormatException e) {
            throw new InvalidSetting(field + " must be an integer from " + min + " to " + max + ", got " + describe(value));
        }
        if (number.stripTrailingZeros().scale() > 0
                || number.compareTo(BigDecimal.valueOf(min)) < 0 || number.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw new InvalidSetting(field + " must be an integer from " + min + " to " + max + ", got " + describe(value));
        }
        return number.intValueExact();
    }

    private static OnIndeterminate onIndeterminate(Object value) throws InvalidSetting {
        if (value == null || (value instanceof String s && s.isBlank())) {
            return OnIndeterminate.FAIL;
        }
        if (value instanceof String s) {
            try {
                return OnIndeterminate.valueOf(s.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                // fall through to the error below
            }
        }
        throw new InvalidSetting(ON_INDETERMINATE + " must be FAIL or PASS, got " + describe(value));
    }

    /** A JSON list of names; a comma-separated string is accepted too (how some tools flatten lists). */
    private static List<String> ruleNames(Object value) throws InvalidSetting {
        if (value == null) {
            return List.of();
        }
        List<Object> items = new ArrayList<>();
        if (value instanceof Collection<?> list) {
            items.addAll(list);
        } else if (value instanceof String s) {
            if (s.isBlank()) {
                return List.of();
            }
            if (s.strip().startsWith("[")) {
                // A list that was stringified on its way ("[\"a\",\"b\"]").
                try {
                    items.addAll(JSON.readValue(s, JSON.getTypeFactory().constructCollectionType(List.class, Object.class)));
                } catch (java.io.IOException e) {
                    throw new InvalidSetting(REQUIRED_RULES + " must be a list of AWS Config rule names, got " + describe(value));
                }
            } else {
                items.addAll(List.of((Object[]) s.split(",")));
            }
        } else {
            throw new InvalidSetting(REQUIRED_RULES + " must be a list of AWS Config rule names, got " + describe(value));
        }
        List<String> names = new ArrayList<>();
        for (Object item : items) {
            if (!(item instanceof String name) || name.isBlank() || name.strip().length() > 128) {
                throw new InvalidSetting(REQUIRED_RULES + " must hold AWS Config rule names (1 to 128 characters), got "
                        + describe(item));
            }
            if (!names.contains(name.strip())) {
                names.add(name.strip());
            }
        }
        return names;
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        String text = value instanceof String ? "'" + value + "'" : String.valueOf(value);
        return Text.shorten(text, 80);
    }
}
