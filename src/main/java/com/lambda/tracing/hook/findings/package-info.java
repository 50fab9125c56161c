/**
 * The notifications side of the hook, deployed by {@code notifications.yaml} as its own Lambda function and jar: a
 * CloudFormation hook invocation event for {@code Lambda::Tracing::Hook} becomes one AWS Security Hub (ASFF) finding
 * per blocked function, and a later passing invocation resolves it. It reads the hook's detailed result through the
 * CloudFormation API, names rules through the rule catalog ({@code rules}) and masks text with the hook's own
 * masking ({@code evaluation.Masking}). Nothing in the hook's packages uses this package, and it uses nothing of
 * {@code cli}, {@code local} or {@code transform}.
 */
package com.lambda.tracing.hook.findings;
