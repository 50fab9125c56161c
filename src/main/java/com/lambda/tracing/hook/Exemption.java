package com.lambda.tracing.hook;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry of the type configuration's {@code Exemptions} (schema definition {@code Exemption}), the nested model
 * {@code cfn generate} writes beside {@link TypeConfigurationModel}.
 *
 * <p>Like {@link TypeConfigurationModel}, every member is kept as the raw JSON value, and members the schema does not
 * know are collected rather than dropped: {@link HookSettings} turns either into an InvalidTypeConfiguration answer
 * that names the entry and the member, where a silently ignored typo ({@code "Logicalids"}) would widen the
 * exemption to every function.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE,
        setterVisibility = JsonAutoDetect.Visibility.NONE)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Exemption {
    @JsonProperty("Rule")
    private Object rule;

    @JsonProperty("Stacks")
    private Object stacks;

    @JsonProperty("LogicalIds")
    private Object logicalIds;

    @JsonProperty("Reason")
    private Object reason;

    @JsonProperty("ApprovedBy")
    private Object approvedBy;

    @JsonProperty("Expires")
    private Object expires;

    @JsonIgnore
    private final List<String> unknownMembers = new ArrayList<>();

    public Exemption() {
    }

    @JsonAnySetter
    void unknownMember(String name, Object value) {
        unknownMembers.add(name);
    }

    /** Member names the schema does not declare, in the order they came. */
    public List<String> getUnknownMembers() {
        return List.copyOf(unknownMembers);
    }

    public Object getRule() {
        return rule;
    }

    public Exemption setRule(Object value) {
        this.rule = value;
        return this;
    }

    public Object getStacks() {
        return stacks;
    }

    public Exemption setStacks(Object value) {
        this.stacks = value;
        return this;
    }

    public Object getLogicalIds() {
        return logicalIds;
    }

    public Exemption setLogicalIds(Object value) {
        this.logicalIds = value;
        return this;
    }

    public Object getReason() {
        return reason;
    }

    public Exemption setReason(Object value) {
        this.reason = value;
        return this;
    }

    public Object getApprovedBy() {
        return approvedBy;
    }

    public Exemption setApprovedBy(Object value) {
        this.approvedBy = value;
        return this;
    }

    public Object getExpires() {
        return expires;
    }

    public Exemption setExpires(Object value) {
        this.expires = value;
        return this;
    }
}
