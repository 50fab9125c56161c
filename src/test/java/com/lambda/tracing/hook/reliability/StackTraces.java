package com.lambda.tracing.hook.reliability;

import java.util.regex.Pattern;

/** Recognises stack trace text (frames, "Caused by", exception class dumps) in output meant for people. */
final class StackTraces {
    private static final Pattern FRAME = Pattern.compile("(\\\\t|\\t|\\s)at [a-zA-Z_$][\\w$]*(\\.[\\w$<>]+)+\\(");
    private static final Pattern CAUSED_BY = Pattern.compile("Caused by: ");
    private static final Pattern EXCEPTION_DUMP = Pattern.compile("\\b(java|javax|com|org|software|sun)\\.[\\w.$]+(Exception|Error):");

    private StackTraces() {
    }

    static boolean present(String text) {
        return text != null && (FRAME.matcher(text).find() || CAUSED_BY.matcher(text).find()
                || EXCEPTION_DUMP.matcher(text).find());
    }
}
