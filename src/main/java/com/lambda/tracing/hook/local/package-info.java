/**
 * The embedded AWS Config endpoint ({@link com.lambda.tracing.hook.local.ConfigEndpoint}): the AWS JSON 1.1 protocol
 * over HTTP, the resource-evaluation and Config-rule operations, the evaluation store, the registry-schema check of
 * a resource configuration (the CloudFormation plugin's resource-schema validator), the CloudFormation →
 * configuration-item translation, the Guard runner (the real cfn-guard) and fault injection for tests.
 *
 * <p>May use {@code rules} and {@code common}; never the hook package, {@code evaluation}, {@code cli} or
 * {@code transform}: it is Config's stand-in, so it knows the hook only through the wire. Ships in the tool jar.
 */
package com.lambda.tracing.hook.local;
