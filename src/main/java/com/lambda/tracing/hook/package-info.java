/**
 * The CloudFormation contract of {@code Lambda::Tracing::Hook}: the wrapper the plugin invokes
 * ({@link com.lambda.tracing.hook.HookHandlerWrapper}), one handler per invocation point (preCreate, preUpdate), the
 * type configuration ({@link com.lambda.tracing.hook.TypeConfigurationModel}, read into
 * {@link com.lambda.tracing.hook.HookSettings}), the callback context and the Config client.
 *
 * <p>May use {@code evaluation}, {@code rules} and {@code common}; never {@code cli}, {@code local} or
 * {@code transform}. Ships in the hook jar that {@code cfn submit} uploads. The class names and packages of the
 * wrapper and handlers are fixed: {@code .rpdk-config} and {@code template.yml} name them.
 * {@code doc/architecture.md} has the whole package table; {@code ArchitectureTest} enforces it.
 */
package com.lambda.tracing.hook;
