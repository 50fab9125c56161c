package com.lambda.tracing.hook;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The hook's type configuration as CloudFormation sends it ({@code hookModel}).
 *
 * <p>Unlike a generated model, every field is kept as the raw JSON value: CloudFormation may send numbers as
 * strings ({@code "20"}), and a value that cannot be read must become an InvalidTypeConfiguration answer naming the
 * field, not a deserialisation failure of the whole request. {@link HookSettings} validates and converts it.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE,
        setterVisibility = JsonAutoDetect.Visibility.NONE)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class TypeConfigurationModel {
    @JsonProperty("EvaluationTimeoutSeconds")
    private Object evaluationTimeoutSeconds;

    @JsonProperty("OnIndeterminate")
    private Object onIndeterminate;

    @JsonProperty("RequiredRules")
    private Object requiredRules;

    @JsonProperty("MaxReinvocations")
    private Object maxReinvocations;

    @JsonProperty("MaxWaitPerInvocationSeconds")
    private Object maxWaitPerInvocationSeconds;

    @JsonProperty("CallbackDelaySeconds")
    private Object callbackDelaySeconds;

    /** A list of {@link Exemption} entries; raw too, because an entry that is no object must be reported by index. */
    @JsonProperty("Exemptions")
    private Object exemptions;

    public TypeConfigurationModel() {
    }

    public Object getEvaluationTimeoutSeconds() {
        return evaluationTimeoutSeconds;
    }

    public TypeConfigurationModel setEvaluationTimeoutSeconds(Object value) {
        this.evaluationTimeoutSeconds = value;
        return this;
    }

    public Object getOnIndeterminate() {
        return onIndeterminate;
    }

    public TypeConfigurationModel setOnIndeterminate(Object value) {
        this.onIndeterminate = value;
        return this;
    }

    public Object getRequiredRules() {
        return requiredRules;
    }

    public TypeConfigurationModel setRequiredRules(Object value) {
        this.requiredRules = value;
        return this;
    }

    public Object getMaxReinvocations() {
        return maxReinvocations;
    }

    public TypeConfigurationModel setMaxReinvocations(Object value) {
        this.maxReinvocations = value;
        return this;
    }

    public Object getMaxWaitPerInvocationSeconds() {
        return maxWaitPerInvocationSeconds;
    }

    public TypeConfigurationModel setMaxWaitPerInvocationSeconds(Object value) {
        this.maxWaitPerInvocationSeconds = value;
        return this;
    }

    public Object getCallbackDelaySeconds() {
        return callbackDelaySeconds;
    }

    public TypeConfigurationModel setCallbackDelaySeconds(Object value) {
        this.callbackDelaySeconds = value;
        return this;
    }

    public Object getExemptions() {
        return exemptions;
    }

    public TypeConfigurationModel setExemptions(Object value) {
        this.exemptions = value;
        return this;
    }
}
