package com.lambda.tracing.hook.transform;

/**
 * The template is invalid for a transform it declares, as CloudFormation would reject it: a one-line message that
 * names the resource and the problem (the command line turns it into exit code 2).
 */
public class TransformException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TransformException(String message) {
        super(message, null, false, false);
    }

    /** A problem of one resource, worded as the SAM translator words it: {@code Resource with id [X] is invalid. ...}. */
    static TransformException resource(String logicalId, String problem) {
        return new TransformException("Resource with id [" + logicalId + "] is invalid. " + problem);
    }
}
