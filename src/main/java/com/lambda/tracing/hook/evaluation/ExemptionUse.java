package com.lambda.tracing.hook.evaluation;

import java.time.Instant;
import java.util.List;

/**
 * An exemption that met a NON_COMPLIANT rule result of the function: it waived the result, or it had expired and
 * the result blocks.
 *
 * @param ruleName the Config rule name as Config reported it (may be a conformance-pack copy of the exempted rule)
 */
public record ExemptionUse(String ruleName, RuleExemption exemption, boolean expired) {

    /**
     * The exemption that meets a NON_COMPLIANT result of {@code ruleName} for the function: an active one (the one
     * lasting longest), else the expired one that ended last, else null.
     */
    public static ExemptionUse find(List<RuleExemption> exemptions, String ruleName, String stackName, String logicalId,
                                    Instant now) {
        RuleExemption active = null;
        RuleExemption expired = null;
        for (RuleExemption e : exemptions) {
            if (!e.covers(ruleName, stackName, logicalId)) {
                continue;
            }
            if (e.activeAt(now)) {
                active = active == null || e.expires().isAfter(active.expires()) ? e : active;
            } else {
                expired = expired == null || e.expires().isAfter(expired.expires()) ? e : expired;
            }
        }
        if (active != null) {
            return new ExemptionUse(ruleName, active, false);
        }
        return expired == null ? null : new ExemptionUse(ruleName, expired, true);
    }
}
