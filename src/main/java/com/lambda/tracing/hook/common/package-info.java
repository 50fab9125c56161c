/**
 * Small helpers every package may use and that use nothing of the project: bounded text
 * ({@link com.lambda.tracing.hook.common.Text}) and the {@code AWS::Lambda::Function} registry schema
 * ({@link com.lambda.tracing.hook.common.LambdaFunctionSchema}). Ships in every jar, so only what deployable code
 * needs belongs here.
 */
package com.lambda.tracing.hook.common;
