/**
 * Small helpers every package may use and that use nothing of the project: bounded text
 * ({@link com.lambda.tracing.hook.common.Text}) and rewritten copies of JSON trees
 * ({@link com.lambda.tracing.hook.common.JsonTrees}). Ships in every jar.
 */
package com.lambda.tracing.hook.common;
