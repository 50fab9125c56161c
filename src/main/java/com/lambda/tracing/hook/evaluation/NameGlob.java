package com.lambda.tracing.hook.evaluation;

/**
 * The globs exemptions use for stack names and logical ids: {@code *} matches any run of characters (also none),
 * {@code ?} exactly one; every other character matches itself, case-sensitively, as CloudFormation compares names.
 * Matching walks the text once with one backtracking point, so a hostile pattern cannot make it slow.
 */
public enum NameGlob {
    /** CloudFormation stack names: a letter, then letters, digits and hyphens, at most 128 characters. */
    STACK_NAME("stack name", 128, "letters, digits and hyphens, starting with a letter") {
        @Override
        boolean allowed(char c, boolean first) {
            return isLetter(c) || (!first && (isDigit(c) || c == '-'));
        }
    },
    /** Template logical ids: letters and digits, at most 255 characters. */
    LOGICAL_ID("logical id", 255, "letters and digits") {
        @Override
        boolean allowed(char c, boolean first) {
            return isLetter(c) || isDigit(c);
        }
    };

    private final String noun;
    private final int maxLength;
    private final String alphabet;

    NameGlob(String noun, int maxLength, String alphabet) {
        this.noun = noun;
        this.maxLength = maxLength;
        this.alphabet = alphabet;
    }

    abstract boolean allowed(char c, boolean first);

    /**
     * Why {@code glob} can never match a name of this kind, or null when it can. A glob that can never match would
     * make an exemption silently useless, so the type configuration rejects it.
     */
    public String problem(String glob) {
        if (glob == null || glob.isEmpty()) {
            return "is empty";
        }
        int fixed = 0;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                continue;
            }
            // Only the glob's own first character must be a name's first character: after a '*' or '?' it need not.
            if (c != '?' && !allowed(c, i == 0)) {
                return "can never match a " + noun + " (" + alphabet + "): character '" + printable(c)
                        + "' at position " + (i + 1);
            }
            fixed++;
        }
        if (fixed > maxLength) {
            return "can never match a " + noun + " (at most " + maxLength + " characters): it needs " + fixed;
        }
        return null;
    }

    /** Whether {@code name} matches {@code glob}; a null name (unknown) matches only globs that match anything. */
    public static boolean matches(String glob, String name) {
        String text = name == null ? "" : name;
        int g = 0;
        int t = 0;
        int star = -1;
        int resume = 0;
        while (t < text.length()) {
            if (g < glob.length() && (glob.charAt(g) == '?' || glob.charAt(g) == text.charAt(t))) {
                g++;
                t++;
            } else if (g < glob.length() && glob.charAt(g) == '*') {
                star = g++;
                resume = t;
            } else if (star >= 0) {
                g = star + 1;
                t = ++resume;
            } else {
                return false;
            }
        }
        while (g < glob.length() && glob.charAt(g) == '*') {
            g++;
        }
        return g == glob.length();
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static String printable(char c) {
        return c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }
}
