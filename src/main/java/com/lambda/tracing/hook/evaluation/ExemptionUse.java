package com.lambda.tracing.hook.evaluation;

/**
 * An exemption that met a NON_COMPLIANT rule result of the function: it waived the result, or it had expired and
 * the result blocks.
 *
 * @param ruleName the Config rule name as Config reported it (may be a conformance-pack copy of the exempted rule)
 */
public record ExemptionUse(String ruleName, RuleExemption exemption, boolean expired) {
}
