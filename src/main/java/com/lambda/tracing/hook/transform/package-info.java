/**
 * Template transforms applied offline, before evaluation, as CloudFormation applies them before it creates any
 * resource: {@code AWS::LanguageExtensions} and {@code AWS::Serverless-2016-10-31} (SAM functions, their roles, layer
 * and version logical ids). {@link com.lambda.tracing.hook.transform.TemplateTransforms#process} is the one entry
 * point; {@link com.lambda.tracing.hook.transform.TemplateFunctions} and
 * {@link com.lambda.tracing.hook.transform.ConditionValues} hold the rules of pseudo parameters, intrinsic functions
 * and Conditions that {@code cli}'s resolver applies too. Uses nothing of {@code cli}, {@code local} or the hook;
 * only {@code cli} uses it. Ships in the tool jar.
 */
package com.lambda.tracing.hook.transform;
