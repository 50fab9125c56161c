package com.lambda.tracing.hook.transform;

/**
 * The template declares a transform (a macro, {@code AWS::Include}, ...) that cannot run offline. The template may
 * well be valid, so this is not bad input: what it would deploy is unknown, and a caller that evaluates it must treat
 * every function it holds as indeterminate, never as compliant.
 */
public final class UnsupportedTransformException extends TransformException {
    private static final long serialVersionUID = 1L;
    private final String transform;

    public UnsupportedTransformException(String transform, String reason) {
        super(reason);
        this.transform = transform;
    }

    /** The name of the transform that cannot be applied, as the template declares it. */
    public String transform() {
        return transform;
    }
}
