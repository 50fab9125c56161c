package com.lambda.tracing.hook.common;

/** Text limits shared by every package: CloudFormation, Config and people all read bounded strings. */
public final class Text {
    /** What stands for the part of a shortened text that was left out. */
    public static final String ELLIPSIS = "\u2026";

    private Text() {
    }

    /**
     * {@code text} itself when it has at most {@code max} characters (UTF-16 units, as CloudFormation and Config
     * count), else its start and {@link #ELLIPSIS}, {@code max} characters in all (the ellipsis alone when {@code max} is 1 or less). A surrogate pair is never split,
     * so the result stays valid Unicode (it may then be one character shorter).
     */
    public static String shorten(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = Math.max(0, max - 1);
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + ELLIPSIS;
    }
}
