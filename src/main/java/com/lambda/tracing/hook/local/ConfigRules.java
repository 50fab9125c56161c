package com.lambda.tracing.hook.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/** The Config rules of the emulated account and Region, by name. Thread-safe. */
final class ConfigRules {
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A stored rule; {@code view} is the ConfigRule shape DescribeConfigRules returns, {@code revision} see {@link #nextRevision}. */
    record StoredRule(String name, String id, String arn, ObjectNode view, String owner, String policyText,
                      Map<String, String> parameters, Set<String> modes, List<String> scopeTypes,
                      String scopeTagKey, String scopeTagValue, String scopeResourceId, long revision) {

        boolean proactive() {
            return modes.contains("PROACTIVE");
        }

        /** Whether a proactive evaluation of this resource runs the rule (mode, type scope, id and tag scope). */
        boolean applies(String resourceType, String resourceId, JsonNode properties) {
            if (!proactive()) {
                return false;
            }
            if (!scopeTypes.isEmpty() && !scopeTypes.contains(resourceType)) {
                return false;
            }
            if (scopeResourceId != null && !scopeResourceId.equals(resourceId)) {
                return false;
            }
            if (scopeTagKey != null) {
                JsonNode tags = properties.get("Tags");
                boolean found = false;
                if (tags != null && tags.isArray()) {
                    for (JsonNode t : tags) {
                        if (scopeTagKey.equals(t.path("Key").asText(null))
                                && (scopeTagValue == null || scopeTagValue.equals(t.path("Value").asText(null)))) {
                            found = true;
                        }
                    }
                }
                return found;
            }
            return true;
        }
    }

    private final TreeMap<String, StoredRule> rules = new TreeMap<>();
    private final AtomicLong revisions = new AtomicLong();
    private final String region;
    private final String account;
    private final int maxRules;

    ConfigRules(String region, String account, int maxRules) {
        this.region = region;
        this.account = account;
        this.maxRules = maxRules;
    }

    synchronized StoredRule get(String name) {
        return rules.get(name);
    }

    synchronized StoredRule findByIdOrArn(String id, String arn) {
        for (StoredRule r : rules.values()) {
            if ((id != null && id.equals(r.id())) || (arn != null && arn.equals(r.arn()))) {
                return r;
            }
        }
        return null;
    }

    synchronized int size() {
        return rules.size();
    }

    int maxRules() {
        return maxRules;
    }

    /** A new rule id and ARN in Config's format ({@code config-rule-k3xq9z}). */
    String[] newIdentity() {
        StringBuilder sb = new StringBuilder("config-rule-");
        for (int i = 0; i < 6; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        String id = sb.toString();
        return new String[] {id, "arn:aws:config:" + region + ":" + account + ":config-rule/" + id};
    }

    /**
     * A number no other rule version of this account gets: a rule put again (even unchanged) is a new version, so an
     * evaluation's rule set is identified by its rules' names and revisions instead of their whole Guard text.
     */
    long nextRevision() {
        return revisions.incrementAndGet();
    }

    synchronized void put(StoredRule rule) {
        if (!rules.containsKey(rule.name()) && rules.size() >= maxRules) {
            throw ApiException.client("MaxNumberOfConfigRulesExceededException",
                    "Failed to put config rule '" + rule.name() + "' because the maximum number of config rules: "
                            + maxRules + " is reached.");
        }
        rules.put(rule.name(), rule);
    }

    synchronized boolean remove(String name) {
        return rules.remove(name) != null;
    }

    /** Sorted by name. */
    synchronized List<StoredRule> all() {
        return new ArrayList<>(rules.values());
    }

    /** Rules a proactive evaluation of this resource runs, sorted by name. */
    synchronized List<StoredRule> applicable(String resourceType, String resourceId, JsonNode properties) {
        List<StoredRule> list = new ArrayList<>();
        for (StoredRule r : rules.values()) {
            if (r.applies(resourceType, resourceId, properties)) {
                list.add(r);
            }
        }
        return list;
    }
}
