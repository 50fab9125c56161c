package com.lambda.tracing.hook.transform;

/**
 * The template breaks a rule of the {@code AWS::LanguageExtensions} transform, so CloudFormation would fail the
 * change set at the transform stage. The message is one line that names the section and key; {@link #section()} and
 * {@link #key()} let a caller point at the line of that key.
 */
public final class LanguageExtensionsException extends TransformException {
    private static final long serialVersionUID = 1L;
    private final String section;
    private final String key;

    LanguageExtensionsException(String section, String key, String where, String problem) {
        super(LanguageExtensions.NAME + ": " + (section == null ? "" : section + (where == null ? "" : "/" + where) + ": ")
                + problem);
        this.section = section;
        this.key = key;
    }

    /** The top-level section the problem is in ({@code Resources}, {@code Conditions}, ...), or null. */
    public String section() {
        return section;
    }

    /**
     * The key of that section as the template writes it (a logical id, or the {@code Fn::ForEach::Name} key of the
     * loop that generated the resource in question), or null.
     */
    public String key() {
        return key;
    }
}
