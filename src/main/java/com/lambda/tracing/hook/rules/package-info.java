/**
 * The rule catalog: title, severity, rationale, fix, link and parameters of every Guard rule in {@code rules/}, read
 * from the rule files' headers (bundled in the jar at build time), plus the generator of
 * {@code rules/conformance-pack.yaml} and the README's rule table (a development tool, left out of the hook jar).
 *
 * <p>May use {@code common} only. Ships in the hook jar; {@code local}, {@code cli} and {@code findings} read it too.
 */
package com.lambda.tracing.hook.rules;
